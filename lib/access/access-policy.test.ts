/** @module The access policy over a real directory on a temporary SQLite database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engine/errors';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import { AccessDirectory } from './access-directory';
import { AccessPolicy } from './access-policy';
import { AccessRepository } from './access-repository';
import { bindNeeds, declareExchangeNeeds, declareQueueNeeds, publishNeeds, readQueueNeeds } from './operations';
import type { Principal } from './types';

let dir: string;
let prisma: PrismaClient;
let directory: AccessDirectory;
let policy: AccessPolicy;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-access-policy-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  directory = await AccessDirectory.load(new AccessRepository(prisma));
  policy = new AccessPolicy(directory);
  await directory.putVhost('/');
  await directory.putVhost('staging');
  await directory.putVhost('other');
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function user(name: string, tags: string[] = [], grants: Record<string, [string, string, string]> = {}): Promise<Principal> {
  await directory.putUser(name, { tags }, { allowNoPassword: true });
  for (const [vhost, [configure, write, read]] of Object.entries(grants)) await directory.setPermission({ user: name, vhost, configure, write, read });
  return policy.principal(name);
}

function refused(run: () => void): EngineError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected a refusal');
}

describe('check', () => {
  it("refuses with RabbitMQ's text and details naming the permission and the resource", async () => {
    const u = await user('u', [], { '/': ['', '.*', '.*'] });
    const error = refused(() => policy.check(u, '/', declareQueueNeeds('x'), { mutates: true }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe("access to queue 'x' in vhost '/' refused for user 'u'");
    expect(error.details).toEqual({ permission: 'configure', resource: { kind: 'queue', vhost: '/', name: 'x' } });
  });

  it("names the default exchange 'amq.default' in refusals", async () => {
    const u = await user('u', [], { '/': ['.*', '^orders$', '.*'] });
    const error = refused(() => policy.check(u, '/', publishNeeds(''), { mutates: true }));
    expect(error.message).toBe("access to exchange 'amq.default' in vhost '/' refused for user 'u'");
    expect(error.details).toEqual({ permission: 'write', resource: { kind: 'exchange', vhost: '/', name: 'amq.default' } });
  });

  it('searches patterns unanchored, and honours anchors', async () => {
    const u = await user('u', [], { '/': ['orders', '^orders\\.', ''] });
    expect(policy.allows(u, '/', { permission: 'configure', kind: 'queue', name: 'my-orders-x' })).toBe(true);
    expect(policy.allows(u, '/', { permission: 'write', kind: 'exchange', name: 'orders.eu' })).toBe(true);
    expect(policy.allows(u, '/', { permission: 'write', kind: 'exchange', name: 'my-orders.eu' })).toBe(false);
    expect(policy.allows(u, '/', { permission: 'read', kind: 'queue', name: 'orders' })).toBe(false);
  });

  it('checks every need of an operation in order, refusing at the first one missing', async () => {
    // May configure everything but read nothing and write only to 'dlx'.
    const u = await user('u', [], { '/': ['.*', '^dlx$', ''] });
    expect(() => policy.check(u, '/', declareQueueNeeds('q'), { mutates: true })).not.toThrow();
    const withDlx = refused(() => policy.check(u, '/', declareQueueNeeds('q', 'dlx'), { mutates: true }));
    expect(withDlx.details).toEqual({ permission: 'read', resource: { kind: 'queue', vhost: '/', name: 'q' } });
    const withAe = refused(() => policy.check(u, '/', declareExchangeNeeds('x', 'dlx'), { mutates: true }));
    expect(withAe.details).toEqual({ permission: 'read', resource: { kind: 'exchange', vhost: '/', name: 'x' } });
    const bind = refused(() => policy.check(u, '/', bindNeeds('events', 'queue', 'q'), { mutates: true }));
    expect(bind.details).toEqual({ permission: 'write', resource: { kind: 'queue', vhost: '/', name: 'q' } });
  });

  it('grants per vhost: permissions in one vhost give nothing in another', async () => {
    const u = await user('u', [], { staging: ['.*', '.*', '.*'] });
    expect(() => policy.check(u, 'staging', readQueueNeeds('q'), { mutates: false })).not.toThrow();
    const error = refused(() => policy.check(u, '/', readQueueNeeds('q'), { mutates: false }));
    expect(error.details).toEqual({ permission: 'read', resource: { kind: 'queue', vhost: '/', name: 'q' } });
  });

  it('follows permission changes at once', async () => {
    const u = await user('u', [], { '/': ['.*', '.*', '.*'] });
    expect(policy.allows(u, '/', { permission: 'read', kind: 'queue', name: 'q' })).toBe(true);
    await directory.setPermission({ user: 'u', vhost: '/', configure: '.*', write: '.*', read: '' });
    expect(policy.allows(u, '/', { permission: 'read', kind: 'queue', name: 'q' })).toBe(false);
    await directory.clearPermission('u', '/');
    expect(policy.allows(u, '/', { permission: 'configure', kind: 'queue', name: 'q' })).toBe(false);
  });
});

describe('read-only API keys', () => {
  const readOnly = (p: Principal): Principal => ({ ...p, apiKey: { id: 'k1', name: 'dashboards', readOnly: true } });

  it('may look where the user may read', async () => {
    const u = readOnly(await user('u', [], { '/': ['.*', '.*', '.*'] }));
    expect(() => policy.check(u, '/', readQueueNeeds('q'), { mutates: false })).not.toThrow();
  });

  it('are refused any step that mutates, even a read (consume, purge)', async () => {
    const u = readOnly(await user('u', [], { '/': ['.*', '.*', '.*'] }));
    const error = refused(() => policy.check(u, '/', readQueueNeeds('q'), { mutates: true }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe("API key 'dashboards' is read-only: this action is refused");
    expect(error.details).toEqual({ permission: 'write', resource: { kind: 'apiKey', name: 'dashboards' } });
  });

  it('are refused configure and write permissions whatever mutates says', async () => {
    const u = readOnly(await user('u', [], { '/': ['.*', '.*', '.*'] }));
    expect(refused(() => policy.check(u, '/', publishNeeds('x'), { mutates: false })).message).toMatch(/read-only/);
    expect(refused(() => policy.check(u, '/', declareQueueNeeds('q'), { mutates: false })).message).toMatch(/read-only/);
    expect(() => policy.requireWritable(u, 'purging')).toThrow("API key 'dashboards' is read-only: purging is refused");
  });

  it('a writable key acts as its user', async () => {
    const u = await user('u', [], { '/': ['.*', '.*', '.*'] });
    const keyed: Principal = { ...u, apiKey: { id: 'k2', name: 'ci', readOnly: false } };
    expect(() => policy.check(keyed, '/', publishNeeds('x'), { mutates: true })).not.toThrow();
  });
});

describe('checkVhost', () => {
  it('not_found for a vhost that does not exist, even to an administrator', async () => {
    const admin = await user('root', ['administrator'], { '/': ['.*', '.*', '.*'] });
    const error = refused(() => policy.checkVhost(admin, 'nowhere'));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe("vhost 'nowhere' does not exist");
  });

  it("forbidden with RabbitMQ's text for a vhost the user has no permission entry in", async () => {
    const u = await user('u', ['administrator'], { '/': ['.*', '.*', '.*'] });
    const error = refused(() => policy.checkVhost(u, 'staging'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe("access to vhost 'staging' refused for user 'u'");
    expect(error.details).toEqual({ permission: 'vhost', resource: { kind: 'vhost', name: 'staging' } });
  });

  it('an entry of empty patterns still opens the vhost (as in RabbitMQ), though it grants no resource', async () => {
    const u = await user('u', [], { staging: ['', '', ''] });
    expect(() => policy.checkVhost(u, 'staging')).not.toThrow();
    expect(policy.canUseVhost(u, 'staging')).toBe(true);
    expect(policy.allows(u, 'staging', { permission: 'read', kind: 'queue', name: 'q' })).toBe(false);
  });
});

describe('tags and visibility', () => {
  it('requireTag refuses with the tag named, and reads tags as they are now', async () => {
    const u = await user('u', ['management']);
    const error = refused(() => policy.requireTag(u, 'administrator', 'Deleting a user'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe("Deleting a user needs the 'administrator' tag; user 'u' does not have it");
    expect(error.details).toEqual({ permission: 'administrator', resource: { kind: 'tag', name: 'administrator' } });
    await directory.putUser('u', { tags: ['administrator'] });
    expect(() => policy.requireTag(u, 'administrator', 'Deleting a user')).not.toThrow();
    await directory.putUser('u', { tags: [] });
    expect(policy.hasTag({ user: 'u', tags: ['administrator'] }, 'management')).toBe(false);
  });

  it('monitoring sees every vhost; others only those they may use', async () => {
    const watcher = await user('watcher', ['monitoring']);
    const app = await user('app', ['management'], { staging: ['', '', '.*'] });
    const admin = await user('root', ['administrator'], { '/': ['.*', '.*', '.*'] });
    expect(policy.visibleVhosts(watcher)).toEqual(['/', 'other', 'staging']);
    expect(policy.canSeeVhost(watcher, 'other')).toBe(true);
    expect(policy.visibleVhosts(app)).toEqual(['staging']);
    expect(policy.canSeeVhost(app, '/')).toBe(false);
    expect(policy.visibleVhosts(admin)).toEqual(['/', 'other', 'staging']);
  });

  it("connections: one's own, everyone's to see with monitoring, everyone's to close as administrator", async () => {
    const app = await user('app', ['management']);
    const watcher = await user('watcher', ['monitoring']);
    const admin = await user('root', ['administrator']);
    expect(policy.canSeeConnectionOf(app, 'app')).toBe(true);
    expect(policy.canSeeConnectionOf(app, 'other')).toBe(false);
    expect(policy.canSeeConnectionOf(watcher, 'app')).toBe(true);
    expect(policy.canCloseConnectionOf(app, 'app')).toBe(true);
    expect(policy.canCloseConnectionOf(watcher, 'app')).toBe(false);
    expect(policy.canCloseConnectionOf(admin, 'app')).toBe(true);
  });
});
