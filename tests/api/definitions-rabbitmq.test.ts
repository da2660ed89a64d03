import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, enc } from './http';

/** A real `rabbitmqctl export_definitions` of RabbitMQ 3.10 (e2e/fixtures/README.md); its names are all `rmqfix.*`. */
const rabbit = JSON.parse(readFileSync(new URL('../../e2e/fixtures/rabbitmq-definitions.json', import.meta.url), 'utf8')) as {
  exchanges: { name: string; type: string; durable: boolean; auto_delete: boolean; arguments: Record<string, unknown> }[];
  queues: { name: string; durable: boolean; auto_delete: boolean; arguments: Record<string, unknown> }[];
  bindings: { source: string; destination: string; destination_type: string; routing_key: string; arguments: Record<string, unknown> }[];
};

const names = (list: { name: string }[]) => list.map((x) => x.name).sort();
const exchangeNames = new Set(rabbit.exchanges.map((e) => e.name));
const queueNames = new Set(rabbit.queues.map((q) => q.name));
/** RabbitMQ exports a binding to its internal exchange without the exchange: that one is skipped. */
const importable = rabbit.bindings.filter((b) => (b.destination_type === 'queue' ? queueNames : exchangeNames).has(b.destination));

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
  return Object.fromEntries(Object.entries(args).filter(([key]) => key !== 'x-queue-type').map(([key, value]) => [ARGUMENTS[key], value]));
}

describe('a definitions file exported from a real RabbitMQ', () => {
  it('dry-runs, imports, shows every exchange, queue and binding, and imports again to nothing', async () => {
    expect(importable).toHaveLength(rabbit.bindings.length - 1);

    const dryRun = await api('POST', '/definitions?dryRun=true', { body: rabbit });
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(names(dryRun.body.added.exchanges)).toEqual(names(rabbit.exchanges));
    expect(names(dryRun.body.added.queues)).toEqual(names(rabbit.queues));
    expect(dryRun.body.added.bindings).toHaveLength(importable.length);
    expect(dryRun.body.changed).toEqual({ exchanges: [], queues: [] });
    expect(dryRun.body.warnings).toEqual([expect.stringContaining('rmqfix.internal-fanout')]);
    expect((await api('GET', `/queues/${enc(rabbit.queues[0].name)}`)).status).toBe(404);

    const imported = await api('POST', '/definitions', { body: rabbit });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.added).toEqual(dryRun.body.added);

    const exchanges = (await api('GET', '/exchanges')).body as { name: string; type: string; alternateExchange?: string; durable: boolean }[];
    for (const def of rabbit.exchanges) {
      const { 'alternate-exchange': alternate, ...rest } = def.arguments;
      expect(exchanges.find((e) => e.name === def.name), def.name).toEqual({
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
      const queue = await api('GET', `/queues/${enc(def.name)}`);
      expect(queue.status, def.name).toBe(200);
      expect(queue.body).toMatchObject({ name: def.name, durable: def.durable, autoDelete: def.auto_delete, arguments: mapped(def.arguments) });
    }
    const ours = ((await api('GET', '/bindings')).body as { source: string; destination: string; destinationType: string; routingKey: string; arguments: object }[])
      .filter((b) => b.source.startsWith('rmqfix.'));
    expect(ours).toHaveLength(importable.length);
    for (const def of importable) {
      expect(ours).toContainEqual(
        expect.objectContaining({ source: def.source, destination: def.destination, destinationType: def.destination_type, routingKey: def.routing_key, arguments: def.arguments }),
      );
    }

    const again = await api('POST', '/definitions?dryRun=true', { body: rabbit });
    expect(again.body.added).toEqual({ exchanges: [], queues: [], bindings: [] });
    expect(again.body.changed).toEqual({ exchanges: [], queues: [] });
    expect((await api('POST', '/definitions', { body: rabbit })).status).toBe(200);

    const exported = await api('GET', '/definitions');
    const roundTrip = await api('POST', '/definitions?dryRun=true', { body: exported.body });
    expect(roundTrip.body).toEqual({
      added: { exchanges: [], queues: [], bindings: [] },
      changed: { exchanges: [], queues: [] },
      removed: { exchanges: [], queues: [], bindings: [] },
      warnings: [],
    });
  });
});
