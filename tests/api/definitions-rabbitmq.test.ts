/** A definitions file exported from a real RabbitMQ 3.10, imported as it is: topology, vhost, users and their passwords. */
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { as } from './access-fixture';
import { api, enc } from './http';

/** A real `rabbitmqctl export_definitions` of RabbitMQ 3.10 (e2e/fixtures/README.md); its names are all `rmqfix*`. */
const rabbit = JSON.parse(readFileSync(new URL('../../e2e/fixtures/rabbitmq-definitions.json', import.meta.url), 'utf8')) as {
  exchanges: { name: string; vhost: string; type: string; durable: boolean; auto_delete: boolean; arguments: Record<string, unknown> }[];
  queues: { name: string; vhost: string; durable: boolean; auto_delete: boolean; arguments: Record<string, unknown> }[];
  bindings: { source: string; vhost: string; destination: string; destination_type: string; routing_key: string; arguments: Record<string, unknown> }[];
  users: { name: string; tags: string[] }[];
  vhosts: { name: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
};
/** The fixture's users' passwords (make-rabbitmq-definitions.mjs): RabbitMQ hashed the first, and accepted the second. */
const APP = { name: 'rmqfix-app', password: 'rmqfix-app-password' };
const OPS = { name: 'rmqfix-ops', password: 'rmqfix-ops-password' };
const JOBS = 'rmqfix-vhost';

const names = (list: { name: string }[]) => list.map((x) => x.name).sort();
const key = (e: { vhost: string; name: string }) => `${e.vhost}:${e.name}`;
const exchangeNames = new Set(rabbit.exchanges.map(key));
const queueNames = new Set(rabbit.queues.map(key));
/** RabbitMQ exports a binding to its internal exchange without the exchange: that one is skipped. */
const importable = rabbit.bindings.filter((b) => (b.destination_type === 'queue' ? queueNames : exchangeNames).has(key({ vhost: b.vhost, name: b.destination })));
const at = (vhost: string, path: string) => (vhost === '/' ? path : `/vhosts/${enc(vhost)}${path}`);

/** Our queue arguments for RabbitMQ's `x-*` ones, as the contract maps them. */
const ARGUMENTS: Record<string, string> = {
  'x-message-ttl': 'messageTtlMs',
  'x-expires': 'expiresMs',
  'x-max-length': 'maxLength',
  'x-max-length-bytes': 'maxLengthBytes',
  'x-overflow': 'overflow',
  'x-max-priority': 'maxPriority',
  'x-dead-letter-exchange': 'deadLetterExchange',
  'x-dead-letter-routing-key': 'deadLetterRoutingKey',
};

function mapped(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'x-queue-type').map(([k, value]) => [ARGUMENTS[k], value]));
}

describe('a definitions file exported from a real RabbitMQ', () => {
  it('dry-runs, imports every exchange, queue, binding, vhost, user and permission, and imports again to nothing', async () => {
    expect(importable).toHaveLength(rabbit.bindings.length - 1);

    const dryRun = await api('POST', '/definitions?dryRun=true', { body: rabbit });
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(names(dryRun.body.added.exchanges)).toEqual(names(rabbit.exchanges));
    expect(names(dryRun.body.added.queues)).toEqual(names(rabbit.queues));
    expect(dryRun.body.added.bindings).toHaveLength(importable.length);
    expect(names(dryRun.body.added.users)).toEqual(names(rabbit.users));
    expect(names(dryRun.body.added.vhosts)).toEqual([JOBS]);
    expect(dryRun.body.added.permissions).toHaveLength(rabbit.permissions.length);
    expect(dryRun.body.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
    expect(dryRun.body.warnings).toEqual([
      expect.stringContaining('rmqfix.internal-fanout'),
      'topic permissions are not supported yet: 1 was ignored',
      'policies are not supported yet: 1 was ignored',
    ]);
    expect((await api('GET', `/queues/${enc(rabbit.queues[0].name)}`)).status).toBe(404);

    const imported = await api('POST', '/definitions', { body: rabbit });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.added).toEqual(dryRun.body.added);

    for (const def of rabbit.exchanges) {
      const { 'alternate-exchange': alternate, ...rest } = def.arguments;
      expect((await api('GET', at(def.vhost, `/exchanges/${enc(def.name)}`))).body, def.name).toMatchObject({
        name: def.name,
        type: def.type,
        durable: def.durable,
        autoDelete: def.auto_delete,
        internal: false,
        arguments: rest,
        ...(alternate !== undefined ? { alternateExchange: alternate } : {}),
      });
    }
    for (const def of rabbit.queues) {
      const queue = await api('GET', at(def.vhost, `/queues/${enc(def.name)}`));
      expect(queue.status, def.name).toBe(200);
      expect(queue.body).toMatchObject({ name: def.name, durable: def.durable, autoDelete: def.auto_delete, arguments: mapped(def.arguments) });
    }
    for (const vhost of ['/', JOBS]) {
      const ours = ((await api('GET', at(vhost, '/bindings'))).body as { source: string; destination: string; destinationType: string; routingKey: string; arguments: object }[])
        .filter((b) => b.source.startsWith('rmqfix.'));
      const expected = importable.filter((b) => b.vhost === vhost);
      expect(ours).toHaveLength(expected.length);
      for (const def of expected) {
        expect(ours).toContainEqual(expect.objectContaining({ source: def.source, destination: def.destination, destinationType: def.destination_type, routingKey: def.routing_key, arguments: def.arguments }));
      }
    }

    const again = await api('POST', '/definitions?dryRun=true', { body: rabbit });
    expect(again.body.added).toEqual({ exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] });
    expect(again.body.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
    expect((await api('POST', '/definitions', { body: rabbit })).status).toBe(200);

    const exported = await api('GET', '/definitions');
    const roundTrip = await api('POST', '/definitions?dryRun=true', { body: exported.body });
    expect(roundTrip.body).toEqual({
      added: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
      changed: { exchanges: [], queues: [], users: [], vhosts: [], permissions: [] },
      removed: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
      warnings: [],
    });
  });

  it('lets its users log in with the passwords they had in RabbitMQ, with the same permissions', async () => {
    const app = await api('GET', '/whoami', as(APP.name, APP.password));
    expect(app.status, app.text).toBe(200);
    expect(app.body.permissions).toEqual(
      expect.arrayContaining(rabbit.permissions.filter((p) => p.user === APP.name).map(({ vhost, configure, write, read }) => ({ vhost, configure, write, read }))),
    );
    const ops = await api('GET', '/whoami', as(OPS.name, OPS.password));
    expect(ops.body).toMatchObject({ name: OPS.name, tags: ['monitoring', 'management'] });

    const url = new URL(inject('amqpUrl'));
    url.username = APP.name;
    url.password = APP.password;
    url.pathname = `/${JOBS}`;
    const connection = await amqp.connect(url.toString());
    try {
      const channel = await connection.createConfirmChannel();
      channel.publish('rmqfix.jobs', 'pending', Buffer.from('job-1'));
      await channel.waitForConfirms();
      const got = await channel.get('rmqfix.jobs.pending', { noAck: true });
      expect(got && got.content.toString()).toBe('job-1');
    } finally {
      await connection.close();
    }
  });
});
