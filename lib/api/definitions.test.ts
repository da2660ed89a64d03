import { describe, expect, it } from 'vitest';
import { hashPassword, rabbitHash, RABBIT_SHA512 } from '@/lib/access/password-hashing';
import { exportDefinitions, exportVhostDefinitions, queueArgumentsFromRabbit, queueArgumentsToRabbit, RABBIT_FORMAT_VERSION, type NodeSnapshot } from './definitions';
import { broker, builtins, queue } from './definitions.fixtures';
import { definitionsExportSchema, definitionsImportSchema, vhostDefinitionsExportSchema } from './schemas/definitions';

describe('queue arguments', () => {
  it('map to RabbitMQ x-arguments and back', () => {
    const ours = {
      messageTtlMs: 1000,
      expiresMs: 5000,
      maxLength: 10,
      maxLengthBytes: 1024,
      overflow: 'reject-publish' as const,
      maxPriority: 9,
      deadLetterExchange: 'dlx',
      deadLetterRoutingKey: 'dead',
      deliveryLimit: 3,
    };
    const rabbit = queueArgumentsToRabbit(ours);
    expect(rabbit).toEqual({
      'x-message-ttl': 1000,
      'x-expires': 5000,
      'x-max-length': 10,
      'x-max-length-bytes': 1024,
      'x-overflow': 'reject-publish',
      'x-max-priority': 9,
      'x-dead-letter-exchange': 'dlx',
      'x-dead-letter-routing-key': 'dead',
      'x-delivery-limit': 3,
    });
    expect(queueArgumentsFromRabbit(rabbit)).toEqual({ arguments: ours, ignored: [] });
  });

  it('reads an unlimited delivery limit, the default exchange as DLX, and reports what it ignores', () => {
    const mapped = queueArgumentsFromRabbit({
      'x-delivery-limit': -1,
      'x-dead-letter-exchange': 'amq.default',
      'x-queue-type': 'classic',
      'x-queue-mode': 'lazy',
      'x-single-active-consumer': true,
    });
    // x-queue-type is the engine's to judge (classic is normalized away there); it is never ignored any more.
    expect(mapped.arguments).toEqual({ deadLetterExchange: '', queueType: 'classic' });
    expect(mapped.ignored).toEqual(['x-queue-mode', 'x-single-active-consumer']);
    expect(queueArgumentsFromRabbit({ 'x-queue-type': 'quorum' })).toEqual({ arguments: { queueType: 'quorum' }, ignored: [] });
    // -1 lifts a quorum queue's default limit of 20, so it is kept there (a classic queue has no default to lift).
    expect(queueArgumentsFromRabbit({ 'x-queue-type': 'quorum', 'x-delivery-limit': -1 }).arguments).toEqual({ queueType: 'quorum', deliveryLimit: -1 });
    expect(() => queueArgumentsFromRabbit({ 'x-queue-type': 'quorum', 'x-queue-mode': 'lazy' }, 'q')).toThrow(
      "invalid arg 'x-queue-mode' for queue 'q' of queue type rabbit_quorum_queue",
    );
  });
});

describe('exportVhostDefinitions', () => {
  it("writes one vhost's topology without built-ins, exclusive queues or default-exchange bindings", () => {
    const defs = exportVhostDefinitions(broker(), 'shop', '1.2.3');
    expect(vhostDefinitionsExportSchema.strict().safeParse(defs).success).toBe(true);
    expect(defs).toMatchObject({ rabbit_version: RABBIT_FORMAT_VERSION, rabbitmq_version: RABBIT_FORMAT_VERSION, product_name: 'Switchboard', product_version: '1.2.3' });
    expect(defs.exchanges.map((e) => e.name)).toEqual(['orders', 'unrouted']);
    expect(defs.exchanges[0]).toEqual({
      name: 'orders',
      vhost: 'shop',
      type: 'topic',
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: { 'alternate-exchange': 'unrouted' },
    });
    expect(defs.queues.map((q) => q.name)).toEqual(['orders.created', 'orders.dlq']);
    expect(defs.queues[0].arguments).toEqual({
      'x-message-ttl': 60_000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'orders.dlq',
      'x-max-priority': 5,
    });
    expect(defs.bindings).toEqual([
      { source: 'orders', vhost: 'shop', destination: 'orders.created', destination_type: 'queue', routing_key: 'order.created.#', arguments: {} },
    ]);
  });
});

describe('exportDefinitions', () => {
  async function node(): Promise<NodeSnapshot> {
    return {
      users: [
        { name: 'admin', tags: ['administrator'], password: await hashPassword('admin-password') },
        { name: 'app', tags: [], password: { hash: rabbitHash('app-password', RABBIT_SHA512), algorithm: RABBIT_SHA512 } },
        { name: 'robot', tags: ['monitoring', 'management'] },
      ],
      vhosts: [
        { name: '/', description: 'Default virtual host' },
        { name: 'jobs', description: '' },
      ],
      permissions: [{ user: 'app', vhost: 'jobs', configure: '^jobs\\.', write: '.*', read: '' }],
      topology: new Map([
        ['/', broker()],
        ['jobs', { exchanges: builtins, queues: [queue('jobs.pending', { arguments: { deliveryLimit: 3, maxLength: 5 } })], bindings: [] }],
      ]),
    };
  }

  it("writes every vhost's topology, users with their hashes and RabbitMQ 3.10's shapes", async () => {
    const snapshot = await node();
    const defs = exportDefinitions(snapshot, '1.2.3');
    expect(definitionsExportSchema.strict().safeParse(defs).success).toBe(true);
    expect(defs.queues.map((q) => [q.vhost, q.name])).toEqual([
      ['/', 'orders.created'],
      ['/', 'orders.dlq'],
      ['jobs', 'jobs.pending'],
    ]);
    expect(defs.exchanges.every((e) => e.vhost === '/')).toBe(true);
    expect(defs.users).toEqual([
      { name: 'admin', password_hash: snapshot.users[0].password!.hash, hashing_algorithm: 'switchboard_password_hashing_scrypt', tags: ['administrator'], limits: {} },
      { name: 'app', password_hash: snapshot.users[1].password!.hash, hashing_algorithm: 'rabbit_password_hashing_sha512', tags: [], limits: {} },
      { name: 'robot', password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring', 'management'], limits: {} },
    ]);
    expect(defs.vhosts).toEqual([
      { name: '/', limits: [], metadata: { description: 'Default virtual host', tags: [] } },
      { name: 'jobs', limits: [], metadata: { description: '', tags: [] } },
    ]);
    expect(defs.permissions).toEqual([{ user: 'app', vhost: 'jobs', configure: '^jobs\\.', write: '.*', read: '' }]);
  });

  it("for RabbitMQ, leaves out the hashes only Switchboard can check, keeping RabbitMQ's own, and delivery limits", async () => {
    const snapshot = await node();
    const forRabbit = exportDefinitions(snapshot, '1', 'rabbitmq');
    const ours = exportDefinitions(snapshot, '1');
    expect(forRabbit.users[0]).toEqual({ name: 'admin', password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'], limits: {} });
    expect(forRabbit.users[1]).toEqual(ours.users[1]);
    // RabbitMQ's classic queues refuse x-delivery-limit, and one refused queue fails its whole import.
    expect(ours.queues[2].arguments).toEqual({ 'x-max-length': 5, 'x-delivery-limit': 3 });
    expect(forRabbit.queues[2].arguments).toEqual({ 'x-max-length': 5 });
    expect({ ...forRabbit, users: [], queues: [] }).toEqual({ ...ours, users: [], queues: [] });
  });

  it('is read back by the import schema, tags included', async () => {
    const parsed = definitionsImportSchema.parse(exportDefinitions(await node(), '1'));
    expect(parsed.users.map((u) => u.tags)).toEqual([['administrator'], [], ['monitoring', 'management']]);
    expect(parsed.vhosts.map((v) => v.metadata?.description)).toEqual(['Default virtual host', '']);
  });
});

describe('definitionsImportSchema', () => {
  it('validates x-arguments and names, and fills in what RabbitMQ leaves out', () => {
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'q', arguments: { 'x-max-priority': 300 } }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'q', arguments: { 'x-message-ttl': '10' } }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'amq.q' }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ exchanges: [{ name: 'x', type: 'x-delayed-message' }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ permissions: [{ user: 'u', vhost: '/', configure: '.*' }] }).success).toBe(false);
    expect(definitionsImportSchema.parse({ rabbit_version: '3.13', queues: [{ name: 'q' }] }).queues[0]).toMatchObject({
      vhost: '/',
      durable: true,
      auto_delete: false,
      arguments: {},
    });
  });

  it("reads users' tags as RabbitMQ 3.9+ writes them (a list) and as 3.8 did (one comma-separated string)", () => {
    const users = definitionsImportSchema.parse({
      users: [
        { name: 'a', tags: ['administrator'] },
        { name: 'b', tags: 'monitoring, management' },
        { name: 'c', tags: '' },
        { name: 'd' },
      ],
    }).users;
    expect(users.map((u) => u.tags)).toEqual([['administrator'], ['monitoring', 'management'], [], []]);
  });
});
