/** @module The access directory and its rules: what it refuses stores nothing, what it accepts survives a reload. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engine/errors';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import { AccessDirectory, type Revocation } from './access-directory';
import { AccessRepository } from './access-repository';
import { verifyPassword } from './password-hashing';

const NOW = 1_800_000_000_000;
let dir: string;
let prisma: PrismaClient;
let directory: AccessDirectory;
let revocations: Revocation[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-access-directory-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  directory = await AccessDirectory.load(new AccessRepository(prisma));
  revocations = [];
  directory.onRevoked((revocation) => revocations.push(revocation));
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the database holds, read by a second directory: proves what was (not) written. */
const reloaded = () => AccessDirectory.load(new AccessRepository(prisma));

async function rejects(promise: Promise<unknown>, code: EngineError['code'], message: RegExp | string, details?: object): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  expect((error as EngineError).code).toBe(code);
  if (typeof message === 'string') expect((error as EngineError).message).toBe(message);
  else expect((error as EngineError).message).toMatch(message);
  if (details) expect((error as EngineError).details).toMatchObject(details);
}

describe('users', () => {
  it('creates a user with a hashed password and tags, kept across a reload', async () => {
    expect(await directory.putUser('ann', { password: 'correct horse', tags: ['monitoring'] })).toEqual({ created: true });
    const stored = (await reloaded()).getUser('ann');
    expect(stored.tags).toEqual(['monitoring']);
    expect(stored.password?.hash).not.toContain('correct horse');
    expect(await verifyPassword(stored.password!, 'correct horse')).toBe(true);
  });

  it.each([
    ['an empty name', '', /a user name must be 1 to 255 bytes/],
    ['a name over 255 bytes', 'é'.repeat(128), /a user name must be 1 to 255 bytes/],
    ['control characters', 'ann\nroot', /a user name may not contain control characters/],
  ])('refuses %s and stores nothing', async (_case, name, message) => {
    await rejects(directory.putUser(name, { password: 'correct horse', tags: [] }), 'bad_request', message, { field: 'name' });
    expect(directory.listUsers()).toEqual([]);
    expect((await reloaded()).listUsers()).toEqual([]);
  });

  it('refuses unknown tags, naming them and the known ones', async () => {
    await rejects(
      directory.putUser('ann', { password: 'correct horse', tags: ['management', 'root', 'impersonator'] }),
      'bad_request',
      "unknown tags 'root', 'impersonator' (known: administrator, monitoring, policymaker, management)",
      { field: 'tags', value: ['root', 'impersonator'] },
    );
    expect((await reloaded()).findUser('ann')).toBeUndefined();
  });

  it.each([
    ['no password', undefined, 'a new user needs a password'],
    ['an empty password', '', 'a password must have at least 8 characters'],
    ['a short password', 'abc1234', 'a password must have at least 8 characters'],
    ['the user name as password', 'Annabelle', 'a password may not be the user name'],
    ['a password of few characters', 'aaaabbbbaaaa', 'a password needs at least 4 different characters'],
    ['a password over 1024 characters', 'abcd'.repeat(257), 'a password may have at most 1024 characters'],
  ])('refuses a new user with %s', async (_case, password, message) => {
    await rejects(directory.putUser('annabelle', { ...(password === undefined ? {} : { password }), tags: [] }), 'bad_request', message, { field: 'password' });
    expect((await reloaded()).findUser('annabelle')).toBeUndefined();
  });

  it('a weak new password leaves the old one in place', async () => {
    await directory.putUser('ann', { password: 'correct horse', tags: [] });
    await rejects(directory.putUser('ann', { password: 'short', tags: ['administrator'] }), 'bad_request', /at least 8/);
    const stored = (await reloaded()).getUser('ann');
    expect(stored.tags).toEqual([]);
    expect(await verifyPassword(stored.password!, 'correct horse')).toBe(true);
  });

  it('a tags-only change keeps the password and sessions, revokes nothing; a password change revokes and ends them', async () => {
    await directory.putUser('ann', { password: 'correct horse', tags: [] });
    await prisma.session.create({ data: { id: 's1', secretHash: 'h1', user: 'ann', expiresAt: new Date(NOW + 1000) } });
    expect(await directory.putUser('ann', { tags: ['management', 'management'] })).toEqual({ created: false });
    expect(directory.getUser('ann').tags).toEqual(['management']);
    expect(await verifyPassword((await reloaded()).getUser('ann').password!, 'correct horse')).toBe(true);
    expect(revocations).toEqual([]);
    expect(await prisma.session.count()).toBe(1);
    await directory.putUser('ann', { password: 'battery staple', tags: ['management'] });
    expect(revocations).toEqual([{ user: 'ann', reason: 'password changed' }]);
    expect(await prisma.session.count()).toBe(0);
  });

  it('deleteUser removes its permissions, keys and sessions, and revokes', async () => {
    await directory.putVhost('/');
    await directory.putUser('ann', { password: 'correct horse', tags: [] });
    await directory.putUser('bob', { password: 'correct horse', tags: [] });
    await directory.setPermission({ user: 'ann', vhost: '/', configure: '.*', write: '.*', read: '.*' });
    await directory.setPermission({ user: 'bob', vhost: '/', configure: '', write: '', read: '.*' });
    const { key, secret } = await directory.createApiKey('ann', { name: 'ci' }, NOW);
    await prisma.session.create({ data: { id: 's1', secretHash: 'h1', user: 'ann', expiresAt: new Date(NOW + 1000) } });
    await prisma.session.create({ data: { id: 's2', secretHash: 'h2', user: 'bob', expiresAt: new Date(NOW + 1000) } });

    await directory.deleteUser('ann');
    expect(revocations).toEqual([{ user: 'ann', reason: "user 'ann' is deleted" }]);
    expect(directory.findPermission('ann', '/')).toBeUndefined();
    expect(directory.findApiKey(key.id)).toBeUndefined();
    expect(directory.findApiKeyBySecret(secret)).toBeUndefined();
    const again = await reloaded();
    expect(again.listUsers().map((u) => u.name)).toEqual(['bob']);
    expect(again.listPermissions()).toEqual([{ user: 'bob', vhost: '/', configure: '', write: '', read: '.*' }]);
    expect(again.listApiKeys('ann')).toEqual([]);
    expect((await prisma.session.findMany()).map((s) => s.id)).toEqual(['s2']);
    await rejects(directory.deleteUser('ann'), 'not_found', "user 'ann' does not exist");
  });
});

describe('vhosts and permissions', () => {
  beforeEach(async () => {
    await directory.putVhost('/', 'Default virtual host');
    await directory.putUser('ann', { tags: [] }, { allowNoPassword: true });
  });

  it('refuses a bad vhost name', async () => {
    await rejects(directory.putVhost(''), 'bad_request', 'a vhost name must be 1 to 255 bytes', { field: 'name' });
    await rejects(directory.putVhost('a\u0000b'), 'bad_request', /control characters/);
    await rejects(directory.putVhost('lone \udfff'), 'bad_request', /not valid UTF-8/);
    expect((await reloaded()).listVhosts().map((v) => v.name)).toEqual(['/']);
  });

  it('refuses permissions for an unknown user or vhost, or with an invalid pattern, and stores none', async () => {
    const grant = { configure: '.*', write: '.*', read: '.*' };
    await rejects(directory.setPermission({ user: 'ghost', vhost: '/', ...grant }), 'not_found', "user 'ghost' does not exist");
    await rejects(directory.setPermission({ user: 'ann', vhost: 'nowhere', ...grant }), 'not_found', "vhost 'nowhere' does not exist");
    await rejects(directory.setPermission({ user: 'ann', vhost: '/', ...grant, read: '(' }), 'bad_request', /^read is not a valid regular expression/, {
      field: 'read',
      value: '(',
    });
    expect(directory.listPermissions()).toEqual([]);
    expect((await reloaded()).listPermissions()).toEqual([]);
  });

  it('sets, replaces and clears a permission, filters the list', async () => {
    await directory.putVhost('staging');
    expect(await directory.setPermission({ user: 'ann', vhost: '/', configure: '', write: '', read: '.*' })).toEqual({ created: true });
    expect(await directory.setPermission({ user: 'ann', vhost: '/', configure: '^a', write: '^b', read: '^c' })).toEqual({ created: false });
    await directory.setPermission({ user: 'ann', vhost: 'staging', configure: '', write: '', read: '' });
    expect((await reloaded()).listPermissions({ vhost: '/' })).toEqual([{ user: 'ann', vhost: '/', configure: '^a', write: '^b', read: '^c' }]);
    expect(directory.listPermissions({ user: 'ann' }).map((p) => p.vhost)).toEqual(['/', 'staging']);
    await directory.clearPermission('ann', '/');
    await rejects(directory.clearPermission('ann', '/'), 'not_found', "user 'ann' has no permissions in vhost '/'");
    expect((await reloaded()).listPermissions().map((p) => p.vhost)).toEqual(['staging']);
  });

  it('deleting a vhost removes the permissions in it', async () => {
    await directory.putVhost('staging');
    await directory.setPermission({ user: 'ann', vhost: 'staging', configure: '.*', write: '.*', read: '.*' });
    await directory.deleteVhost('staging');
    expect(directory.findPermission('ann', 'staging')).toBeUndefined();
    expect((await reloaded()).listPermissions()).toEqual([]);
    await rejects(directory.deleteVhost('staging'), 'not_found', "vhost 'staging' does not exist");
  });
});

describe('API keys', () => {
  beforeEach(() => directory.putUser('ann', { tags: [] }, { allowNoPassword: true }).then(() => undefined));

  it('stores only a hash of the secret; the key is found by its secret after a reload', async () => {
    const { key, secret } = await directory.createApiKey('ann', { name: 'ci', readOnly: true, expiresAt: NOW + 60_000 }, NOW);
    expect(secret).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    const found = (await reloaded()).findApiKeyBySecret(secret);
    expect(found).toEqual({ id: key.id, user: 'ann', name: 'ci', tokenHash: key.tokenHash, readOnly: true, expiresAt: NOW + 60_000, createdAt: NOW });
  });

  it('refuses a duplicate name for the same user (another user may reuse it)', async () => {
    await directory.putUser('bob', { tags: [] }, { allowNoPassword: true });
    await directory.createApiKey('ann', { name: 'ci' }, NOW);
    await rejects(directory.createApiKey('ann', { name: 'ci' }, NOW), 'precondition_failed', "user 'ann' already has an API key named 'ci'", { field: 'name' });
    await directory.createApiKey('bob', { name: 'ci' }, NOW);
    expect((await reloaded()).listApiKeys('ann')).toHaveLength(1);
  });

  it('refuses an expiry that is not in the future, an empty name, an unknown user', async () => {
    await rejects(directory.createApiKey('ann', { name: 'old', expiresAt: NOW }, NOW), 'bad_request', 'expiresAt must be in the future', { field: 'expiresAt' });
    await rejects(directory.createApiKey('ann', { name: 'old', expiresAt: NOW - 1 }, NOW), 'bad_request', 'expiresAt must be in the future');
    await rejects(directory.createApiKey('ann', { name: 'old', expiresAt: Number.NaN }, NOW), 'bad_request', 'expiresAt must be in the future');
    await rejects(directory.createApiKey('ann', { name: '' }, NOW), 'bad_request', 'an API key name must be 1 to 255 bytes');
    await rejects(directory.createApiKey('ghost', { name: 'ci' }, NOW), 'not_found', "user 'ghost' does not exist");
    expect((await reloaded()).listApiKeys('ann')).toEqual([]);
    expect(await prisma.apiKey.count()).toBe(0);
  });

  it('revoking a key removes it and the sessions opened with it, and announces it', async () => {
    const { key, secret } = await directory.createApiKey('ann', { name: 'ci' }, NOW);
    await prisma.session.create({ data: { id: 's1', secretHash: 'h1', user: 'ann', apiKeyId: key.id, expiresAt: new Date(NOW + 1000) } });
    await prisma.session.create({ data: { id: 's2', secretHash: 'h2', user: 'ann', expiresAt: new Date(NOW + 1000) } });
    expect(await directory.revokeApiKey(key.id)).toMatchObject({ id: key.id });
    expect(revocations).toEqual([{ user: 'ann', apiKeyId: key.id, reason: 'API key revoked' }]);
    expect(directory.findApiKeyBySecret(secret)).toBeUndefined();
    expect((await reloaded()).findApiKey(key.id)).toBeUndefined();
    expect((await prisma.session.findMany()).map((s) => s.id)).toEqual(['s2']);
    await rejects(directory.revokeApiKey(key.id), 'not_found', `API key '${key.id}' does not exist`);
  });

  it('announces a key once when it has expired, so what it opened ends; keys without expiry never', async () => {
    const { key } = await directory.createApiKey('ann', { name: 'short', expiresAt: NOW + 5000 }, NOW);
    await directory.createApiKey('ann', { name: 'forever' }, NOW);
    directory.announceExpired(NOW + 4999);
    expect(revocations).toEqual([]);
    directory.announceExpired(NOW + 5000);
    directory.announceExpired(NOW + 6000);
    expect(revocations).toEqual([{ user: 'ann', apiKeyId: key.id, reason: 'API key expired' }]);
  });
});

describe('version', () => {
  it('bumps on every change, and on nothing else', async () => {
    const seen = [directory.version];
    const step = async (change: () => Promise<unknown>) => {
      await change();
      seen.push(directory.version);
    };
    await step(() => directory.putVhost('/'));
    await step(() => directory.putUser('ann', { password: 'correct horse', tags: [] }));
    await step(() => directory.putUser('ann', { tags: ['management'] }));
    await step(() => directory.setPermission({ user: 'ann', vhost: '/', configure: '', write: '', read: '' }));
    await step(() => directory.clearPermission('ann', '/'));
    const { key } = await directory.createApiKey('ann', { name: 'ci' }, NOW);
    seen.push(directory.version);
    await step(() => directory.revokeApiKey(key.id));
    await step(() => directory.deleteUser('ann'));
    await step(() => directory.deleteVhost('/'));
    expect(seen).toEqual(seen.map((_, i) => seen[0] + i));

    const before = directory.version;
    await directory.putUser('x', { tags: [] }).catch(() => undefined);
    directory.listUsers();
    directory.findPermission('x', '/');
    expect(directory.version).toBe(before);
  });
});
