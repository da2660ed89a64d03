import { describe, expect, it } from 'vitest';
import { exportVhostDefinitions, type TopologySnapshot } from './definitions';
import { broker, builtins, exchange } from './definitions.fixtures';
import { planTopology } from './definitions-import';
import { definitionsImportSchema } from './schemas/definitions';

const parse = (value: unknown) => definitionsImportSchema.parse(value);
const empty = (): TopologySnapshot => ({ exchanges: builtins, queues: [], bindings: [] });

describe('planTopology', () => {
  it('is a no-op on the broker it was exported from (idempotent)', () => {
    const current = broker();
    const plan = planTopology(parse(exportVhostDefinitions(current, '/', '1')), current, '/');
    expect([plan.exchanges, plan.queues, plan.bindings, plan.issues, plan.warnings]).toEqual([[], [], [], [], []]);
    expect(plan.diff).toEqual({
      added: { exchanges: [], queues: [], bindings: [] },
      changed: { exchanges: [], queues: [] },
      removed: { exchanges: [], queues: [], bindings: [] },
    });
  });

  it('declares into an empty broker what an export holds, exchanges before the bindings that need them', () => {
    const plan = planTopology(parse(exportVhostDefinitions(broker(), '/', '1')), empty(), '/');
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

  it("plans only the entries of its vhost, or every entry when told to (a vhost's own import)", () => {
    const file = parse({ queues: [{ name: 'a', vhost: '/' }, { name: 'b', vhost: 'jobs' }, { name: 'c' }] });
    expect(planTopology(file, empty(), 'jobs').queues.map((q) => q.name)).toEqual(['b']);
    expect(planTopology(file, empty(), '/').queues.map((q) => q.name)).toEqual(['a', 'c']);
    const all = planTopology(file, empty(), 'jobs', () => true);
    expect(all.queues.map((q) => q.name)).toEqual(['a', 'b', 'c']);
    expect(all.diff.added.queues.map((q) => q.vhost)).toEqual(['jobs', 'jobs', 'jobs']);
  });

  it('diffs: added, changed (other settings) and removed (in the broker, not in the file)', () => {
    const plan = planTopology(
      parse({
        exchanges: [{ name: 'orders', vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} }],
        queues: [
          { name: 'orders.dlq', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 10 } },
          { name: 'new-queue', vhost: '/', durable: false, auto_delete: true, arguments: {} },
        ],
        bindings: [{ source: 'orders', vhost: '/', destination: 'new-queue', destination_type: 'queue', routing_key: 'k', arguments: {} }],
      }),
      broker(),
      '/',
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
    const plan = planTopology(parse({ exchanges: [{ name: 'h', type: 'headers', arguments: { b: 2, a: 1 } }] }), current, '/');
    expect(plan.diff.changed.exchanges).toEqual([]);
    expect(plan.diff.added.exchanges).toEqual([]);
  });

  it('skips built-in exchanges and the implicit default-exchange bindings, with warnings', () => {
    const plan = planTopology(
      parse({
        exchanges: [{ name: 'amq.topic', type: 'topic' }],
        queues: [{ name: 'q1' }],
        bindings: [{ source: '', destination: 'q1', destination_type: 'queue', routing_key: 'q1' }],
      }),
      empty(),
      '/',
    );
    expect(plan.exchanges).toEqual([]);
    expect(plan.bindings).toEqual([]);
    expect(plan.queues.map((q) => q.name)).toEqual(['q1']);
    expect(plan.warnings).toEqual([
      "exchange 'amq.topic' in vhost '/' is built in and was left as it is",
      "the default exchange's binding to 'q1' in vhost '/' is implicit and was skipped",
    ]);
  });

  it('lists every problem with its path in the whole file', () => {
    const plan = planTopology(
      parse({
        exchanges: [
          { name: 'elsewhere', type: 'direct', vhost: 'other' },
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
      empty(),
      '/',
    );
    expect(plan.issues.map((d) => [d.path.join('.'), d.code])).toEqual([
      ['exchanges.3.name', 'duplicate'],
      ['bindings.0.arguments.x-match', 'invalid_value'],
      ['bindings.1.source', 'forbidden'],
    ]);
  });

  it('skips, with a warning, a binding whose exchange or queue is neither in the file nor in the broker, as RabbitMQ does', () => {
    const plan = planTopology(
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
      empty(),
      '/',
    );
    expect(plan.bindings).toEqual([{ source: 'hx', destination: 'q1', destinationType: 'queue', routingKey: '', arguments: {} }]);
    expect(plan.diff.added.bindings).toHaveLength(1);
    expect(plan.warnings).toEqual([
      "the binding from 'missing' to queue 'q1' (routing key 'k') in vhost '/' was skipped: exchange 'missing' is neither in the file nor in the broker",
      "the binding from 'hx' to queue 'nowhere' in vhost '/' was skipped: queue 'nowhere' is neither in the file nor in the broker",
      "the binding from 'hx' to exchange 'gone' in vhost '/' was skipped: exchange 'gone' is neither in the file nor in the broker",
    ]);
  });

  it('accepts a binding to an exchange or queue that already exists in the broker', () => {
    const plan = planTopology(parse({ bindings: [{ source: 'amq.topic', destination: 'orders.dlq', destination_type: 'queue', routing_key: '#' }] }), broker(), '/');
    expect(plan.bindings).toHaveLength(1);
  });
});
