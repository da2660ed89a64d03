import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TopologySnapshot } from './definitions';
import { exportDefinitions } from './definitions';
import { builtins } from './definitions.fixtures';
import { planImport } from './definitions-import';
import { definitionsImportSchema } from './schemas/definitions';

/** A real `rabbitmqctl export_definitions` of RabbitMQ 3.10 (see e2e/fixtures/README.md). */
const rabbit = JSON.parse(readFileSync(new URL('../../e2e/fixtures/rabbitmq-definitions.json', import.meta.url), 'utf8'));

const applied = (plan: ReturnType<typeof planImport>): TopologySnapshot => ({
  exchanges: [...builtins, ...plan.exchanges],
  queues: plan.queues,
  bindings: plan.bindings.map((b, i) => ({ ...b, id: `b${i}` })),
});

describe('a real RabbitMQ export', () => {
  it('validates with its users, policies, permissions and queue `type` fields', () => {
    expect(definitionsImportSchema.safeParse(rabbit).success).toBe(true);
  });

  it('plans every exchange, queue (arguments mapped, x-queue-type classic dropped) and binding', () => {
    const plan = planImport(definitionsImportSchema.parse(rabbit), { exchanges: builtins, queues: [], bindings: [] });
    expect(plan.exchanges.map((e) => e.name).sort()).toEqual(rabbit.exchanges.map((e: { name: string }) => e.name).sort());
    expect(plan.exchanges.find((e) => e.name === 'rmqfix.orders')).toMatchObject({ type: 'topic', alternateExchange: 'rmqfix.unrouted', arguments: {} });
    expect(plan.queues.find((q) => q.name === 'rmqfix.orders.eu')?.arguments).toEqual({
      messageTtlMs: 60_000,
      deadLetterExchange: 'rmqfix.dead-letters',
      deadLetterRoutingKey: 'orders.eu',
    });
    expect(plan.queues.find((q) => q.name === 'rmqfix.orders.all')?.arguments).toEqual({ maxLength: 10_000, overflow: 'reject-publish' });
    expect(plan.queues.find((q) => q.name === 'rmqfix.invoices')?.arguments).toEqual({ maxPriority: 10 });
    expect(plan.queues.find((q) => q.name === 'rmqfix.unrouted')?.arguments).toEqual({ expiresMs: 86_400_000 });
    expect(plan.bindings).toContainEqual({
      source: 'rmqfix.documents',
      destination: 'rmqfix.invoices',
      destinationType: 'queue',
      routingKey: '',
      arguments: { 'x-match': 'all', type: 'report', pages: 10 },
    });
    // RabbitMQ exported the binding to its internal exchange but not the exchange itself.
    expect(plan.bindings).toHaveLength(rabbit.bindings.length - 1);
    expect(plan.diff.warnings).toEqual([expect.stringContaining("exchange 'rmqfix.internal-fanout' is neither in the file nor in the broker")]);
  });

  it('plans nothing the second time, and our export of it plans nothing either', () => {
    const file = definitionsImportSchema.parse(rabbit);
    const after = applied(planImport(file, { exchanges: builtins, queues: [], bindings: [] }));
    const again = planImport(file, after);
    expect(again.diff.added).toEqual({ exchanges: [], queues: [], bindings: [] });
    expect(again.diff.changed).toEqual({ exchanges: [], queues: [] });
    const ours = planImport(definitionsImportSchema.parse(exportDefinitions(after, '1')), after);
    expect(ours.diff).toEqual({
      added: { exchanges: [], queues: [], bindings: [] },
      changed: { exchanges: [], queues: [] },
      removed: { exchanges: [], queues: [], bindings: [] },
      warnings: [],
    });
  });
});
