/** @module A definitions import applied to real brokers and a real access directory on a temporary SQLite database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessDirectory } from '@/lib/access/access-directory';
import { AccessRepository } from '@/lib/access/access-repository';
import { rabbitHash, RABBIT_SHA256, verifyPassword } from '@/lib/access/password-hashing';
import { VhostBrokers, type Broker } from '@/lib/engine';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createPrisma } from '@/lib/store/prisma';
import { SqliteWorkerStore } from '@/lib/store/sqlite-worker-store';
import type { NodeSnapshot } from './definitions';
import { applyImport } from './definitions-apply';
import { planNodeImport } from './definitions-plan';
import { definitionsImportSchema } from './schemas/definitions';

let dir: string;
let prisma: PrismaClient;
let directory: AccessDirectory;
let vhosts: VhostBrokers;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-definitions-apply-'));
  const dbPath = join(dir, 'x.db');
  prisma = createPrisma(`file:${dbPath}`);
  directory = await AccessDirectory.load(new AccessRepository(prisma));
  await directory.putVhost('/', 'Default virtual host');
  await directory.putUser('admin', { password: 'admin-password', tags: ['administrator'] });
  await directory.setPermission({ user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' });
  vhosts = await VhostBrokers.start({ store: await SqliteWorkerStore.open(dbPath), vhosts: ['/'], brokerOptions: { autoTick: false } });
});

afterEach(async () => {
  await vhosts.close();
  await prisma.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const topologyOf = (broker: Broker) => ({ exchanges: broker.listExchanges(), queues: broker.listQueues(), bindings: broker.listBindings() });
const node = (): NodeSnapshot => ({
  users: directory.listUsers(),
  vhosts: directory.listVhosts(),
  permissions: directory.listPermissions(),
  topology: new Map(vhosts.all().map(([name, broker]) => [name, topologyOf(broker)])),
});

const workerHash = rabbitHash('worker-password');
const file = definitionsImportSchema.parse({
  users: [
    { name: 'worker', password_hash: workerHash, hashing_algorithm: RABBIT_SHA256, tags: [] },
    { name: 'admin', password_hash: '', tags: ['administrator', 'monitoring'] },
  ],
  vhosts: [{ name: 'jobs', metadata: { description: 'Jobs' } }],
  permissions: [
    { user: 'worker', vhost: 'jobs', configure: '^jobs\\.', write: '.*', read: '.*' },
    { user: 'admin', vhost: '/', configure: '', write: '.*', read: '.*' },
  ],
  exchanges: [
    { name: 'orders', vhost: '/', type: 'topic' },
    { name: 'jobs', vhost: 'jobs', type: 'direct' },
  ],
  queues: [
    { name: 'orders.all', vhost: '/' },
    { name: 'jobs.pending', vhost: 'jobs', arguments: { 'x-max-length': 10 } },
  ],
  bindings: [
    { source: 'orders', vhost: '/', destination: 'orders.all', destination_type: 'queue', routing_key: '#' },
    { source: 'jobs', vhost: 'jobs', destination: 'jobs.pending', destination_type: 'queue', routing_key: 'pending' },
  ],
});

describe('applyImport', () => {
  it('starts the new vhost, writes users, vhosts and permissions durably, and declares each vhost\'s topology', async () => {
    await applyImport(planNodeImport(file, node()), { vhosts, directory });

    const jobs = vhosts.get('jobs');
    expect(jobs.getQueue('jobs.pending').arguments).toEqual({ maxLength: 10 });
    expect(jobs.listBindings({ source: 'jobs' })).toHaveLength(1);
    expect(vhosts.get('/').listBindings({ source: 'orders' })).toHaveLength(1);
    // Held in memory and on disk alike: a directory loaded afresh agrees.
    const reloaded = await AccessDirectory.load(new AccessRepository(prisma));
    for (const view of [directory, reloaded]) {
      expect(view.findVhost('jobs')).toEqual({ name: 'jobs', description: 'Jobs' });
      expect(view.findPermission('admin', '/')?.configure).toBe('');
      expect(view.getUser('admin')).toEqual({ name: 'admin', tags: ['administrator', 'monitoring'] });
      expect(await verifyPassword(view.getUser('worker').password!, 'worker-password')).toBe(true);
    }
    expect(planNodeImport(file, node()).diff.added).toEqual({ exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] });
  });

  it('ends the sessions, connections and streams of a user whose password the import changed', async () => {
    const revoked: string[] = [];
    directory.onRevoked((revocation) => revoked.push(`${revocation.user}: ${revocation.reason}`));
    await applyImport(planNodeImport(file, node()), { vhosts, directory });
    expect(revoked).toEqual(['admin: password changed']);
  });

  it('undoes everything, newest first, when a step fails half-way', async () => {
    const plan = planNodeImport(file, node());
    const adminBefore = directory.getUser('admin');
    const versionBefore = directory.version;
    // Someone declares one of the file's queues with other settings between the plan and its application.
    await vhosts.get('/').declareQueue('orders.all', { arguments: { maxLength: 1 } });

    await expect(applyImport(plan, { vhosts, directory })).rejects.toMatchObject({ code: 'precondition_failed' });

    expect(vhosts.all().map(([name]) => name)).toEqual(['/']);
    expect(vhosts.get('/').findExchange('orders')).toBeUndefined();
    expect(vhosts.get('/').getQueue('orders.all').arguments).toEqual({ maxLength: 1 });
    const reloaded = await AccessDirectory.load(new AccessRepository(prisma));
    for (const view of [directory, reloaded]) {
      expect(view.findVhost('jobs')).toBeUndefined();
      expect(view.findUser('worker')).toBeUndefined();
      expect(view.getUser('admin')).toEqual(adminBefore);
      expect(view.listPermissions()).toEqual([{ user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' }]);
    }
    expect(directory.version).toBeGreaterThan(versionBefore);
  });
});
