import { describe, expect, it } from 'vitest';
import { exportDefinitions, type TopologySnapshot } from './definitions';
import { binding, broker, builtins, exchange, queue } from './definitions.fixtures';
import { planImport } from './definitions-import';
import { ApiError } from './errors';
import { definitionsImportSchema } from './schemas/definitions';


const parse = (value: unknown) => definitionsImportSchema.parse(value);

describe('planImport', () => {
  it('is a no-op on the broker it was exported from (idempotent)', () => {
    const current = broker();
    const plan = planImport(parse(exportDefinitions(current, '1')), current);
    expect(plan.exchanges).toEqual([]);
    expect(plan.queues).toEqual([]);
    expect(plan.bindings).toEqual([]);
    expect(plan.diff.added).toEqual({ exchanges: [], queues: [], bindings: [] });
    expect(plan.diff.changed).toEqual({ exchanges: [], queues: [] });
    expect(plan.diff.removed).toEqual({ exchanges: [], queues: [], bindings: [] });
  });

  it('declares into an empty broker what an export holds, exchanges before the bindings that need them', () => {
    const defs = parse(exportDefinitions(broker(), '1'));
    const plan = planImport(defs, { exchanges: builtins, queues: [], bindings: [] });
    expect(plan.exchanges.map((e) => e.name)).toEqual(['orders', 'unrouted']);
    expect(plan.exchanges[0].alternateExchange).toBe('unrouted');
    expect(plan.exchanges[0].arguments).toEqual({});
    expect(plan.queues[0]).toEqual({
      name: 'orders.created',
      durable: true,
      autoDelete: false,
      arguments: { messageTtlMs: 60_000, deadLetterExchange: '', deadLetterRoutingKey: 'orders.dlq', maxPriority: 5 },
    });
    expect(plan.bindings).toEqual([
      { source: 'orders', destination: 'orders.created', destinationType: 'queue', routingKey: 'order.created.#', arguments: {} },
    ]);
    expect(plan.diff.added.queues).toHaveLength(2);
  });

  it('diffs: added, changed (other settings) and removed (in the broker, not in the file)', () => {
    const plan = planImport(
      parse({
        exchanges: [{ name: 'orders', vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} }],
        queues: [
          { name: 'orders.dlq', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 10 } },
          { name: 'new-queue', vhost: '/', durable: false, auto_delete: true, arguments: {} },
        ],
        bindings: [{ source: 'orders', vhost: '/', destination: 'new-queue', destination_type: 'queue', routing_key: 'k', arguments: {} }],
      }),
      broker(),
    );
    expect(plan.diff.added.queues.map((q) => q.name)).toEqual(['new-queue']);
    expect(plan.diff.added.bindings).toHaveLength(1);
    expect(plan.diff.changed.exchanges).toEqual([
      expect.objectContaining({ name: 'orders', current: expect.objectContaining({ type: 'topic' }), desired: expect.objectContaining({ type: 'direct' }) }),
    ]);
    expect(plan.diff.changed.queues.map((q) => q.name)).toEqual(['orders.dlq']);
    expect(plan.diff.removed.exchanges.map((e) => e.name)).toEqual(['unrouted']);
    expect(plan.diff.removed.queues.map((q) => q.name)).toEqual(['orders.created']);
    expect(plan.diff.removed.bindings.map((b) => b.routing_key)).toEqual(['order.created.#']);
    expect(plan.queues.map((q) => q.name)).toEqual(['new-queue']);
  });

  it('compares arguments regardless of key order', () => {
    const current: TopologySnapshot = { exchanges: [...builtins, exchange('h', 'headers', { arguments: { a: 1, b: 2 } })], queues: [], bindings: [] };
    const plan = planImport(parse({ exchanges: [{ name: 'h', type: 'headers', arguments: { b: 2, a: 1 } }] }), current);
    expect(plan.diff.changed.exchanges).toEqual([]);
    expect(plan.diff.added.exchanges).toEqual([]);
  });

  it('skips built-in exchanges and the implicit default-exchange bindings, with warnings', () => {
    const plan = planImport(
      parse({
        exchanges: [{ name: 'amq.topic', type: 'topic' }],
        queues: [{ name: 'q1' }],
        bindings: [{ source: '', destination: 'q1', destination_type: 'queue', routing_key: 'q1' }],
        users: [{ name: 'guest' }],
        policies: [],
      }),
      { exchanges: builtins, queues: [], bindings: [] },
    );
    expect(plan.exchanges).toEqual([]);
    expect(plan.bindings).toEqual([]);
    expect(plan.queues.map((q) => q.name)).toEqual(['q1']);
    expect(plan.diff.warnings).toHaveLength(2);
  });

  it('refuses, listing every problem, before anything would be applied', () => {
    const attempt = () =>
      planImport(
        parse({
          exchanges: [
            { name: 'hx', type: 'headers' },
            { name: 'dup', type: 'direct' },
            { name: 'dup', type: 'fanout' },
          ],
          queues: [{ name: 'q1' }],
          bindings: [
            { source: 'hx', destination: 'q1', destination_type: 'queue', arguments: { 'x-match': 'some' } },
            { source: 'amq.default', destination: 'q1', destination_type: 'queue', routing_key: 'other' },
          ],
        }),
        { exchanges: builtins, queues: [], bindings: [] },
      );
    expect(attempt).toThrow(ApiError);
    try {
      attempt();
    } catch (error) {
      const details = (error as ApiError).details as { path: (string | number)[]; code: string }[];
      expect(details.map((d) => [d.path.join('.'), d.code])).toEqual([
        ['exchanges.2.name', 'duplicate'],
        ['bindings.0.arguments.x-match', 'invalid_value'],
        ['bindings.1.source', 'forbidden'],
      ]);
      expect((error as ApiError).code).toBe('bad_request');
    }
  });

  it('skips, with a warning, a binding whose exchange or queue is neither in the file nor in the broker, as RabbitMQ does', () => {
    const plan = planImport(
      parse({
        exchanges: [{ name: 'hx', type: 'headers' }],
        queues: [{ name: 'q1' }],
        bindings: [
          { source: 'missing', destination: 'q1', destination_type: 'queue', routing_key: 'k' },
          { source: 'hx', destination: 'nowhere', destination_type: 'queue' },
          { source: 'hx', destination: 'gone', destination_type: 'exchange' },
          { source: 'hx', destination: 'q1', destination_type: 'queue' },
        ],
      }),
      { exchanges: builtins, queues: [], bindings: [] },
    );
    expect(plan.bindings).toEqual([{ source: 'hx', destination: 'q1', destinationType: 'queue', routingKey: '', arguments: {} }]);
    expect(plan.diff.added.bindings).toHaveLength(1);
    expect(plan.diff.warnings).toEqual([
      "the binding from 'missing' to queue 'q1' (routing key 'k') was skipped: exchange 'missing' is neither in the file nor in the broker",
      "the binding from 'hx' to queue 'nowhere' was skipped: queue 'nowhere' is neither in the file nor in the broker",
      "the binding from 'hx' to exchange 'gone' was skipped: exchange 'gone' is neither in the file nor in the broker",
    ]);
  });

  it('accepts a binding to an exchange or queue that already exists in the broker', () => {
    const plan = planImport(
      parse({ bindings: [{ source: 'amq.topic', destination: 'orders.dlq', destination_type: 'queue', routing_key: '#' }] }),
      broker(),
    );
    expect(plan.bindings).toHaveLength(1);
  });
});
