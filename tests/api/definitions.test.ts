/** Topology definitions over the real server: the node's export, a vhost's export and import, conflicts, bad input. */
import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, unique } from './http';

interface Definitions {
  queues: { name: string; arguments: Record<string, unknown> }[];
  exchanges: { name: string; arguments: Record<string, unknown> }[];
  bindings: { source: string; destination: string; routing_key: string }[];
}

/** Only what this test made, so other tests' entities stay out of it. */
function mine(defs: Definitions, names: string[]): Definitions {
  return {
    queues: defs.queues.filter((q) => names.includes(q.name)),
    exchanges: defs.exchanges.filter((e) => names.includes(e.name)),
    bindings: defs.bindings.filter((b) => names.includes(b.source) && names.includes(b.destination)),
  };
}

const NOTHING = { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] };

describe('definitions', () => {
  it('export → delete → dry run → import recreates the same topology, idempotently', async () => {
    const exchange = unique('ex-def');
    const alternate = unique('ex-def-ae');
    const queue = unique('q-def');
    const dead = unique('q-def-dead');
    await declareExchange(alternate, 'fanout');
    await declareExchange(exchange, 'topic', { alternateExchange: alternate });
    await declareQueue(dead);
    await declareQueue(queue, { arguments: { messageTtlMs: 30_000, maxPriority: 4, deadLetterExchange: '', deadLetterRoutingKey: dead, overflow: 'reject-publish-dlx', maxLength: 10 } });
    await bind(exchange, queue, 'orders.#');
    const names = [exchange, alternate, queue, dead];

    const exported = await api('GET', '/definitions');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ rabbit_version: '3.10.8', rabbitmq_version: '3.10.8', product_name: 'Switchboard' });
    expect(exported.body.exchanges.map((e: { name: string }) => e.name)).not.toContain('amq.direct');
    const defs = mine(exported.body, names);
    expect(defs.exchanges).toContainEqual({
      name: exchange,
      vhost: '/',
      type: 'topic',
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: { 'alternate-exchange': alternate },
    });
    expect(defs.queues.find((q) => q.name === queue)!.arguments).toEqual({
      'x-message-ttl': 30_000,
      'x-max-priority': 4,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': dead,
      'x-overflow': 'reject-publish-dlx',
      'x-max-length': 10,
    });
    expect(defs.bindings).toEqual([{ source: exchange, vhost: '/', destination: queue, destination_type: 'queue', routing_key: 'orders.#', arguments: {} }]);

    const before = {
      queue: (await api('GET', `/queues/${enc(queue)}`)).body,
      exchange: (await api('GET', `/exchanges/${enc(exchange)}`)).body,
    };
    for (const name of [queue, dead]) expect((await api('DELETE', `/queues/${enc(name)}`)).status).toBe(204);
    for (const name of [exchange, alternate]) expect((await api('DELETE', `/exchanges/${enc(name)}`)).status).toBe(204);

    const withRabbitExtras = { rabbit_version: '3.13.0', vhosts: [{ name: '/' }], policies: [], ...defs };
    const dryRun = await api('POST', '/definitions?dryRun=true', { body: withRabbitExtras });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.added.queues.map((q: { name: string }) => q.name).sort()).toEqual([queue, dead].sort());
    expect(dryRun.body.added.exchanges.map((e: { name: string }) => e.name).sort()).toEqual([exchange, alternate].sort());
    expect(dryRun.body.added.bindings).toHaveLength(1);
    expect(dryRun.body.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
    expect((await api('GET', `/queues/${enc(queue)}`)).status).toBe(404);

    const imported = await api('POST', '/definitions', { body: withRabbitExtras });
    expect(imported.status).toBe(200);
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toEqual({ ...before.queue, rates: expect.any(Object) });
    const after = (await api('GET', `/exchanges/${enc(exchange)}`)).body;
    expect(after).toEqual({ ...before.exchange, bindings: { outgoing: [expect.objectContaining({ destination: queue, routingKey: 'orders.#' })], incoming: [] } });

    const again = await api('POST', '/definitions?dryRun=true', { body: defs });
    expect(again.body.added).toEqual(NOTHING);
    expect((await api('POST', '/definitions', { body: defs })).status).toBe(200);
  });

  it('refuses an import that would change an existing entity (409), applying nothing of the file', async () => {
    const queue = unique('q-def-conflict');
    const fresh = unique('q-def-fresh');
    const vhost = unique('vh-def-conflict');
    const user = unique('u-def-conflict');
    await declareQueue(queue, { arguments: { maxLength: 5 } });
    const body = {
      vhosts: [{ name: vhost }],
      users: [{ name: user, tags: [] }],
      queues: [
        { name: fresh, vhost: '/', durable: true, auto_delete: false, arguments: {} },
        { name: queue, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 6 } },
      ],
    };
    const dryRun = await api('POST', '/definitions?dryRun=true', { body });
    expect(dryRun.body.changed.queues).toEqual([expect.objectContaining({ name: queue })]);
    const refused = await api('POST', '/definitions', { body });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe('precondition_failed');
    expect((await api('GET', `/queues/${enc(fresh)}`)).status).toBe(404);
    expect((await api('GET', `/vhosts/${enc(vhost)}`)).status).toBe(404);
    expect((await api('GET', `/users/${enc(user)}`)).status).toBe(404);
  });

  it('400 for an unknown vhost, bad arguments or a bad x-match, applying nothing', async () => {
    const fresh = unique('q-def-400');
    for (const body of [
      { queues: [{ name: fresh, vhost: unique('nowhere') }] },
      { queues: [{ name: fresh, arguments: { 'x-max-priority': 'high' } }] },
      { queues: [{ name: fresh }], bindings: [{ source: 'amq.headers', destination: fresh, destination_type: 'queue', arguments: { 'x-match': 'some' } }] },
      { exchanges: [{ name: 'amq.custom', type: 'direct' }] },
    ]) {
      const answer = await api('POST', '/definitions', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.length).toBeGreaterThan(0);
    }
    expect((await api('GET', `/queues/${enc(fresh)}`)).status).toBe(404);
  });

  it("exports and imports one vhost's topology under /vhosts/{vhost}, as RabbitMQ's per-vhost definitions", async () => {
    const vhost = unique('vh-def');
    expect((await api('PUT', `/vhosts/${enc(vhost)}`, { body: {} })).status).toBe(201);
    expect((await api('PUT', `/permissions/${enc(vhost)}/admin`, { body: { configure: '.*', write: '.*', read: '.*' } })).status).toBe(201);
    const queue = unique('q-def-vhost');
    const body = {
      users: [{ name: unique('ignored-user') }],
      exchanges: [{ name: 'jobs', vhost: '/', type: 'direct' }],
      queues: [{ name: queue, vhost: 'somewhere-else' }],
      bindings: [{ source: 'jobs', vhost: '/', destination: queue, destination_type: 'queue', routing_key: 'pending' }],
    };
    const dryRun = await api('POST', `/vhosts/${enc(vhost)}/definitions?dryRun=true`, { body });
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(dryRun.body.added.queues).toEqual([{ name: queue, vhost, durable: true, auto_delete: false, arguments: {} }]);
    expect(dryRun.body.added.users).toEqual([]);
    expect(dryRun.body.warnings).toEqual([expect.stringContaining('users, vhosts and permissions were left out')]);

    expect((await api('POST', `/vhosts/${enc(vhost)}/definitions`, { body })).status).toBe(200);
    expect((await api('GET', `/vhosts/${enc(vhost)}/queues/${enc(queue)}`)).status).toBe(200);
    expect((await api('GET', `/queues/${enc(queue)}`)).status).toBe(404);
    expect((await api('GET', `/users/${enc(body.users[0].name)}`)).status).toBe(404);

    const exported = await api('GET', `/vhosts/${enc(vhost)}/definitions`);
    expect(exported.status).toBe(200);
    expect(Object.keys(exported.body).sort()).toEqual(['bindings', 'exchanges', 'product_name', 'product_version', 'queues', 'rabbit_version', 'rabbitmq_version']);
    expect(exported.body.queues).toEqual([{ name: queue, vhost, durable: true, auto_delete: false, arguments: {} }]);
    expect(exported.body.bindings).toEqual([{ source: 'jobs', vhost, destination: queue, destination_type: 'queue', routing_key: 'pending', arguments: {} }]);

    const node = await api('GET', '/definitions');
    expect(node.body.queues).toContainEqual(expect.objectContaining({ name: queue, vhost }));
    expect(node.body.vhosts).toContainEqual({ name: vhost, limits: [], metadata: { description: '', tags: [] } });

    const again = await api('POST', `/vhosts/${enc(vhost)}/definitions?dryRun=true`, { body: exported.body });
    expect(again.body.added).toEqual(NOTHING);
    expect(again.body.removed).toEqual(NOTHING);
  });
});
