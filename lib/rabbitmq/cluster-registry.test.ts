import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import { SecretBox } from '../access/secret-box';
import { EngineError } from '../engine/errors';
import type { ClusterConnection } from './cluster-connection';
import type { ClusterCheck } from './cluster-check';
import { ClusterRegistry } from './cluster-registry';
import { ClusterRepository } from './cluster-repository';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

let dir: string;
let prisma: PrismaClient;
/** What the cluster answers to the check: the connections it was asked with, and a refusal to give next. */
let checked: ClusterConnection[];
let refuseNext: EngineError | undefined;

const check = async (connection: ClusterConnection): Promise<ClusterCheck> => {
  checked.push(connection);
  if (refuseNext) {
    const error = refuseNext;
    refuseNext = undefined;
    throw error;
  }
  return { rabbitmqVersion: '3.13.7', clusterName: 'rabbit@one', userTags: ['administrator'], warnings: [] };
};

const start = (key = KEY) => ClusterRegistry.start({ repository: new ClusterRepository(prisma), secretBox: () => SecretBox.fromEnv({ SWITCHBOARD_SECRET_KEY: key }), check });

const input = {
  name: 'production',
  managementUrls: ['http://rabbit-1:15672/', 'http://rabbit-2:15672'],
  amqpUrls: ['amqp://rabbit-1:5672/', 'amqps://rabbit-2'],
  username: 'ops',
  password: 'the-cluster-password',
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-clusters-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  checked = [];
  refuseNext = undefined;
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ClusterRegistry', () => {
  it('stores the credentials sealed, and opens them again after a restart', async () => {
    const registry = await start();
    const { record } = await registry.attach(input, 'admin');
    expect(record).toMatchObject({ name: 'production', managementUrls: ['http://rabbit-1:15672', 'http://rabbit-2:15672'], amqpUrls: ['amqp://rabbit-1:5672', 'amqps://rabbit-2'] });
    const [row] = await prisma.cluster.findMany();
    expect(row.credentials).not.toContain('the-cluster-password');
    expect(row.credentials).not.toContain('ops');
    const again = await start();
    expect(again.connectionOf(record.id)).toMatchObject({ username: 'ops', password: 'the-cluster-password' });
  });

  it('says so when the key is another one, and when the sealed value is moved to another cluster', async () => {
    const registry = await start();
    const { record: one } = await registry.attach(input, 'admin');
    const { record: two } = await registry.attach({ ...input, name: 'staging' }, 'admin');
    const withOtherKey = await start(OTHER_KEY);
    expect(() => withOtherKey.connectionOf(one.id)).toThrow(/another SWITCHBOARD_SECRET_KEY/);
    await prisma.cluster.update({ where: { id: two.id }, data: { credentials: one.sealedCredentials } });
    await expect((async () => (await start()).connectionOf(two.id))()).rejects.toMatchObject({ code: 'precondition_failed' });
  });

  it('saves nothing when the check refuses, or when the key is missing', async () => {
    const registry = await start();
    refuseNext = new EngineError('bad_request', 'RabbitMQ refused the password', { field: 'password', problem: 'unauthorized' });
    await expect(registry.attach(input, 'admin')).rejects.toMatchObject({ code: 'bad_request' });
    const keyless = await ClusterRegistry.start({ repository: new ClusterRepository(prisma), secretBox: () => SecretBox.fromEnv({}), check });
    await expect(keyless.attach(input, 'admin')).rejects.toMatchObject({ code: 'precondition_failed', details: { field: 'SWITCHBOARD_SECRET_KEY' } });
    expect(await prisma.cluster.count()).toBe(0);
    expect(registry.list()).toEqual([]);
  });

  it('renames without asking the cluster; keeps the password a change leaves out; removes the CA on null', async () => {
    const registry = await start();
    const { record } = await registry.attach({ ...input, ca: PEM }, 'admin');
    checked = [];
    await registry.change(record.id, { name: 'prod' });
    expect(checked).toEqual([]);
    await registry.change(record.id, { managementUrls: ['http://rabbit-3:15672'], ca: null });
    const { name: _name, ...connection } = input;
    expect(checked).toEqual([{ ...connection, managementUrls: ['http://rabbit-3:15672'], amqpUrls: ['amqp://rabbit-1:5672', 'amqps://rabbit-2'] }]);
    const stored = (await start()).get(record.id);
    expect(stored).toMatchObject({ name: 'prod', managementUrls: ['http://rabbit-3:15672'] });
    expect(stored.ca).toBeUndefined();
  });

  it('leaves the cluster as it was when a change is refused', async () => {
    const registry = await start();
    const { record } = await registry.attach(input, 'admin');
    refuseNext = new EngineError('bad_request', 'RabbitMQ refused the password', { field: 'password', problem: 'unauthorized' });
    await expect(registry.change(record.id, { name: 'renamed', password: 'wrong' })).rejects.toMatchObject({ code: 'bad_request' });
    const stored = (await start()).get(record.id);
    expect(stored.name).toBe('production');
    expect((await start()).connectionOf(record.id).password).toBe('the-cluster-password');
  });

  it('refuses a name already taken, also when it was taken while the cluster was being checked', async () => {
    const registry = await start();
    await registry.attach(input, 'admin');
    await expect(registry.attach(input, 'admin')).rejects.toMatchObject({ code: 'precondition_failed', details: { field: 'name', problem: 'taken' } });
    const first = registry.attach({ ...input, name: 'twin' }, 'admin');
    const second = registry.attach({ ...input, name: 'twin' }, 'admin');
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(registry.list().filter((record) => record.name === 'twin')).toHaveLength(1);
  });

  it('tells its listeners of attach, change and detach', async () => {
    const registry = await start();
    const heard: string[] = [];
    registry.onChange((id) => heard.push(id));
    const { record } = await registry.attach(input, 'admin');
    await registry.change(record.id, { name: 'x' });
    await registry.detach(record.id);
    expect(heard).toEqual([record.id, record.id, record.id]);
    expect(() => registry.get(record.id)).toThrow(/does not exist/);
    expect(await prisma.cluster.count()).toBe(0);
  });
});
