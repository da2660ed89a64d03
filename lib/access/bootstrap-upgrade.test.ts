/** @module A database of the single-token era upgrades in place: its stored tokens keep working as admin's API keys. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client';
import { migrateSqlite } from '../store/migrate';
import { createPrisma } from '../store/prisma';
import { startAccess } from './access-services';
import { ADMIN_USER } from './bootstrap';

const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const LAST_SINGLE_TOKEN_MIGRATION = '20261122034349_jobs';
const OLD_TOKEN = 'old-ci-token-from-the-single-token-era';
const PEER = '127.0.0.1:50000';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** How Prisma wrote DATETIME columns then, and writes them now. */
const prismaDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

let dir: string;
let file: string;
let prisma: PrismaClient | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bootstrap-upgrade-'));
  file = path.join(dir, 'old.db');
});

afterEach(async () => {
  await prisma?.$disconnect();
  prisma = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The project's migrations up to and including the last one before users existed. */
function singleTokenMigrations(): string {
  const copy = path.join(dir, 'migrations-single-token');
  fs.mkdirSync(copy);
  for (const name of fs.readdirSync(migrationsDir)) {
    if (name <= LAST_SINGLE_TOKEN_MIGRATION) fs.cpSync(path.join(migrationsDir, name), path.join(copy, name), { recursive: true });
  }
  return copy;
}

/** What that era stored: one issued token, the env token's placeholder row, and a console session. */
function writeSingleTokenEra(): void {
  expect(migrateSqlite(file, singleTokenMigrations()).applied.at(-1)).toBe(LAST_SINGLE_TOKEN_MIGRATION);
  const db = new Database(file);
  try {
    const credential = db.prepare('INSERT INTO credentials (id, name, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)');
    credential.run('0f8e7d6c-1111-4222-8333-944455556666', 'ci', sha256(OLD_TOKEN), prismaDate(1_790_000_000_000), prismaDate(1_790_000_500_000));
    credential.run('aaaaaaaa-1111-4222-8333-944455556666', 'admin', `env:${sha256('the-env-token-then')}`, prismaDate(1_790_000_000_000), null);
    db.prepare('INSERT INTO sessions (id, secret_hash, credential_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      's1',
      sha256('cookie'),
      '0f8e7d6c-1111-4222-8333-944455556666',
      prismaDate(1_790_000_000_000),
      prismaDate(1_900_000_000_000),
    );
  } finally {
    db.close();
  }
}

/** Today's start: the remaining migrations, then the Prisma client on the upgraded file. */
function upgrade(): PrismaClient {
  expect(migrateSqlite(file, migrationsDir).applied).toContain('20261203020000_access');
  prisma = createPrisma(`file:${file}`);
  return prisma;
}

describe('upgrading from the single-token era', () => {
  it('turns the stored token into an API key of admin that authenticates as admin, with every permission on /', async () => {
    writeSingleTokenEra();
    const { access, newSecret } = await startAccess(upgrade(), { now: () => 1_800_000_000_000 });

    // admin already has a way in (the old token), so no new secret is made.
    expect(newSecret).toBeUndefined();
    const keys = access.directory.listApiKeys(ADMIN_USER);
    expect(keys).toEqual([
      {
        id: '0f8e7d6c-1111-4222-8333-944455556666',
        user: ADMIN_USER,
        name: 'ci (0f8e7d6c)',
        tokenHash: sha256(OLD_TOKEN),
        readOnly: false,
        createdAt: 1_790_000_000_000,
        lastUsedAt: 1_790_000_500_000,
      },
    ]);

    const principal = access.authenticator.bearer(OLD_TOKEN, PEER);
    expect(principal).toEqual({ user: ADMIN_USER, tags: ['administrator'], apiKey: { id: keys[0].id, name: 'ci (0f8e7d6c)', readOnly: false } });
    expect(access.policy.hasTag(principal, 'administrator')).toBe(true);
    expect(() => access.policy.checkVhost(principal, '/')).not.toThrow();
    expect(() => access.policy.check(principal, '/', [{ permission: 'configure', kind: 'queue', name: 'orders' }], { mutates: true })).not.toThrow();
    expect((await access.authenticator.login({ user: ADMIN_USER, password: OLD_TOKEN, peer: PEER })).user).toBe(ADMIN_USER);
  });

  it("drops the env token's placeholder and the old sessions", async () => {
    writeSingleTokenEra();
    const db = upgrade();
    const { access } = await startAccess(db, { now: () => 1_800_000_000_000 });
    expect(await db.apiKey.count()).toBe(1);
    expect(await db.session.count()).toBe(0);
    expect(await access.sessions.verify('cookie')).toBeNull();
  });

  it('with SWITCHBOARD_ADMIN_TOKEN set, the new env key joins the old token', async () => {
    writeSingleTokenEra();
    const { access } = await startAccess(upgrade(), { envToken: 'the-env-token-now', now: () => 1_800_000_000_000 });
    expect(access.authenticator.bearer(OLD_TOKEN, PEER).user).toBe(ADMIN_USER);
    expect(access.authenticator.bearer('the-env-token-now', PEER).user).toBe(ADMIN_USER);
  });
});
