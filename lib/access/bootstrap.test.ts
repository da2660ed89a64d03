/** @module The first start's access setup and the environment's admin token, across restarts of a real database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engine/errors';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import { startAccess, type AccessOptions } from './access-services';
import { ADMIN_USER, ENV_KEY_NAME, issueAdminToken } from './bootstrap';
import { verifyPassword } from './password-hashing';

const PEER = '127.0.0.1:50000';
let dir: string;
let prisma: PrismaClient;
let clock: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bootstrap-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  clock = 1_800_000_000_000;
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One process start over the same database. */
const start = (options: AccessOptions = {}) => startAccess(prisma, { now: () => clock, ...options });

function refusedCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as EngineError).code;
  }
  return 'accepted';
}

describe('first start', () => {
  it("creates vhost '/', and admin as administrator with every permission on '/'", async () => {
    const { access } = await start();
    expect(access.directory.listVhosts()).toEqual([{ name: '/', description: 'Default virtual host' }]);
    expect(access.directory.listUsers().map((u) => [u.name, u.tags])).toEqual([[ADMIN_USER, ['administrator']]]);
    expect(access.directory.listPermissions()).toEqual([{ user: ADMIN_USER, vhost: '/', configure: '.*', write: '.*', read: '.*' }]);
    const admin = access.policy.principal(ADMIN_USER);
    expect(access.policy.hasTag(admin, 'administrator')).toBe(true);
    expect(() => access.policy.check(admin, '/', [{ permission: 'configure', kind: 'queue', name: 'anything' }], { mutates: true })).not.toThrow();
  });

  it('returns one secret that is both admin’s password and an API key, once', async () => {
    const { access, newSecret } = await start();
    expect(newSecret).toMatch(/^sb_/);
    const secret = newSecret!;
    expect(access.authenticator.bearer(secret, PEER)).toMatchObject({ user: ADMIN_USER, apiKey: { name: 'initial', readOnly: false } });
    expect(await verifyPassword(access.directory.getUser(ADMIN_USER).password!, secret)).toBe(true);

    // Without the key the same secret still logs in, now as a password.
    await access.directory.revokeApiKey(access.directory.listApiKeys(ADMIN_USER)[0].id);
    expect(await access.authenticator.login({ user: ADMIN_USER, password: secret, peer: PEER })).toEqual({ user: ADMIN_USER, tags: ['administrator'] });
    expect(refusedCode(() => access.authenticator.bearer(secret, PEER))).toBe('unauthorized');
  });

  it('a restart makes no new secret, and the first one still works', async () => {
    const { newSecret } = await start();
    const restarted = await start();
    expect(restarted.newSecret).toBeUndefined();
    expect(restarted.access.authenticator.bearer(newSecret!, PEER).user).toBe(ADMIN_USER);
    expect(restarted.access.directory.listApiKeys(ADMIN_USER)).toHaveLength(1);
    expect(restarted.access.directory.listVhosts()).toHaveLength(1);
  });

  it('does not recreate a deleted admin while other users exist', async () => {
    const { access } = await start();
    await access.directory.putUser('ops', { password: 'correct horse', tags: ['administrator'] });
    await access.directory.deleteUser(ADMIN_USER);
    const restarted = await start();
    expect(restarted.newSecret).toBeUndefined();
    expect(restarted.access.directory.findUser(ADMIN_USER)).toBeUndefined();
  });
});

describe('SWITCHBOARD_ADMIN_TOKEN', () => {
  it('is an API key of admin named SWITCHBOARD_ADMIN_TOKEN, and no other secret is made', async () => {
    const { access, newSecret } = await start({ envToken: 'env-token-one' });
    expect(newSecret).toBeUndefined();
    expect(access.directory.listApiKeys(ADMIN_USER).map((k) => k.name)).toEqual([ENV_KEY_NAME]);
    expect(access.directory.getUser(ADMIN_USER).password).toBeUndefined();
    expect(access.authenticator.bearer('env-token-one', PEER)).toMatchObject({ user: ADMIN_USER, tags: ['administrator'], apiKey: { name: ENV_KEY_NAME } });
    expect((await access.authenticator.login({ user: ADMIN_USER, password: 'env-token-one', peer: PEER })).apiKey?.name).toBe(ENV_KEY_NAME);
  });

  it('the same token across restarts keeps the same key', async () => {
    const first = await start({ envToken: 'env-token-one' });
    const id = first.access.directory.listApiKeys(ADMIN_USER)[0].id;
    const again = await start({ envToken: 'env-token-one' });
    expect(again.access.directory.listApiKeys(ADMIN_USER).map((k) => k.id)).toEqual([id]);
  });

  it('a changed token replaces the old key: the old one is refused, the new one works', async () => {
    await start({ envToken: 'env-token-one' });
    const { access } = await start({ envToken: 'env-token-two' });
    expect(access.directory.listApiKeys(ADMIN_USER).map((k) => k.name)).toEqual([ENV_KEY_NAME]);
    expect(refusedCode(() => access.authenticator.bearer('env-token-one', PEER))).toBe('unauthorized');
    expect(access.authenticator.bearer('env-token-two', PEER).user).toBe(ADMIN_USER);
  });

  it('a token set after a first start without one is added beside the initial secret', async () => {
    const { newSecret } = await start();
    const { access } = await start({ envToken: 'env-token-one' });
    expect(access.directory.listApiKeys(ADMIN_USER).map((k) => k.name)).toEqual(['initial', ENV_KEY_NAME]);
    expect(access.authenticator.bearer(newSecret!, PEER).user).toBe(ADMIN_USER);
    expect(access.authenticator.bearer('env-token-one', PEER).user).toBe(ADMIN_USER);
  });

  it('unsetting the token retires its key, as unsetting the single admin token did', async () => {
    await start({ envToken: 'env-token-one' });
    const { access } = await start();
    expect(access.directory.listApiKeys(ADMIN_USER).map((k) => k.name)).not.toContain(ENV_KEY_NAME);
    expect(refusedCode(() => access.authenticator.bearer('env-token-one', PEER))).toBe('unauthorized');
  });
});

describe('issueAdminToken', () => {
  it("makes the new secret admin's password too, so the old password stops working", async () => {
    const { newSecret } = await start();
    const { access } = await start();
    const token = await issueAdminToken(access.directory, clock);
    await expect(access.authenticator.login({ user: ADMIN_USER, password: newSecret!, peer: PEER })).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await access.authenticator.login({ user: ADMIN_USER, password: token, peer: PEER })).user).toBe(ADMIN_USER);
    expect(await verifyPassword(access.directory.getUser(ADMIN_USER).password!, token)).toBe(true);
  });

  it("revokes admin's other keys but the environment's, and returns a new one", async () => {
    const { newSecret } = await start();
    const { access } = await start({ envToken: 'env-token-one' });
    clock += 1000;
    const token = await issueAdminToken(access.directory, clock);
    expect(access.directory.listApiKeys(ADMIN_USER).map((k) => k.name)).toEqual([ENV_KEY_NAME, `admin-token ${new Date(clock).toISOString()}`]);
    expect(access.authenticator.bearer(token, PEER).user).toBe(ADMIN_USER);
    expect(refusedCode(() => access.authenticator.bearer(newSecret!, PEER))).toBe('unauthorized');
    expect(access.authenticator.bearer('env-token-one', PEER).user).toBe(ADMIN_USER);
  });
});
