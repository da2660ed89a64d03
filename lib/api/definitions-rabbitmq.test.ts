import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/access/password-hashing';
import type { UserRecord } from '@/lib/access/types';
import { exportDefinitions, type NodeSnapshot, type TopologySnapshot } from './definitions';
import { builtins } from './definitions.fixtures';
import { planNodeImport, planVhostImport, type ImportPlan } from './definitions-plan';
import { definitionsImportSchema } from './schemas/definitions';

/** A real `rabbitmqctl export_definitions` of RabbitMQ 3.10 (see e2e/fixtures/README.md for its users' passwords). */
const rabbit = JSON.parse(readFileSync(new URL('../../e2e/fixtures/rabbitmq-definitions.json', import.meta.url), 'utf8'));
const file = () => definitionsImportSchema.parse(rabbit);

/** A fresh Switchboard: admin, vhost '/' and its built-in exchanges. */
const fresh = (): NodeSnapshot => ({
  users: [{ name: 'admin', tags: ['administrator'] }],
  vhosts: [{ name: '/', description: 'Default virtual host' }],
  permissions: [{ user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
  topology: new Map([['/', { exchanges: builtins, queues: [], bindings: [] }]]),
});

/** The node after the plan was applied, as the engine and the directory would hold it. */
function applied(before: NodeSnapshot, plan: ImportPlan): NodeSnapshot {
  const merge = <T>(list: readonly T[], writes: { next: T; before?: T }[]) => [...list.filter((x) => !writes.some((w) => w.before === x)), ...writes.map((w) => w.next)];
  const topology = new Map(before.topology);
  for (const t of plan.topology) {
    const base: TopologySnapshot = topology.get(t.vhost) ?? { exchanges: builtins, queues: [], bindings: [] };
    topology.set(t.vhost, {
      exchanges: [...base.exchanges, ...t.exchanges],
      queues: [...base.queues, ...t.queues],
      bindings: [...base.bindings, ...t.bindings.map((b, i) => ({ ...b, id: `${t.vhost}-b${i}` }))],
    });
  }
  return {
    users: merge(before.users, plan.access.users),
    vhosts: merge(before.vhosts, plan.access.vhosts),
    permissions: merge(before.permissions, plan.access.permissions),
    topology,
  };
}

describe('a real RabbitMQ export', () => {
  it('validates with its users, vhosts, permissions, policies, topic permissions and queue `type` fields', () => {
    expect(definitionsImportSchema.safeParse(rabbit).success).toBe(true);
  });

  it('plans its users with their RabbitMQ hashes, which check the same passwords, its vhost and permissions', async () => {
    const plan = planNodeImport(file(), fresh());
    const users = new Map<string, UserRecord>(plan.access.users.map((w) => [w.next.name, w.next]));
    expect(users.get('rmqfix-app')).toMatchObject({ tags: [], password: { algorithm: 'rabbit_password_hashing_sha256' } });
    expect(users.get('rmqfix-ops')).toMatchObject({ tags: ['monitoring', 'management'], password: { algorithm: 'rabbit_password_hashing_sha512' } });
    expect(await verifyPassword(users.get('rmqfix-app')!.password!, 'rmqfix-app-password')).toBe(true);
    expect(await verifyPassword(users.get('rmqfix-ops')!.password!, 'rmqfix-ops-password')).toBe(true);
    expect(await verifyPassword(users.get('rmqfix-app')!.password!, 'rmqfix-ops-password')).toBe(false);
    expect(plan.newVhosts).toEqual(['rmqfix-vhost']);
    expect(plan.diff.added.vhosts).toEqual([{ name: 'rmqfix-vhost', description: 'Jobs of the fixture shop' }]);
    expect(plan.diff.added.permissions).toEqual(rabbit.permissions.map(({ user, vhost, configure, write, read }: Record<string, string>) => ({ user, vhost, configure, write, read })));
  });

  it('plans every exchange, queue (arguments mapped, x-queue-type classic dropped) and binding in its vhost', () => {
    const plan = planNodeImport(file(), fresh());
    const root = plan.topology.find((t) => t.vhost === '/')!;
    const jobs = plan.topology.find((t) => t.vhost === 'rmqfix-vhost')!;
    const inVhost = (vhost: string) => (e: { vhost: string }) => e.vhost === vhost;
    expect(root.exchanges.map((e) => e.name).sort()).toEqual(rabbit.exchanges.filter(inVhost('/')).map((e: { name: string }) => e.name).sort());
    expect(root.exchanges.find((e) => e.name === 'rmqfix.orders')).toMatchObject({ type: 'topic', alternateExchange: 'rmqfix.unrouted', arguments: {} });
    expect(root.queues.find((q) => q.name === 'rmqfix.orders.eu')?.arguments).toEqual({
      messageTtlMs: 60_000,
      deadLetterExchange: 'rmqfix.dead-letters',
      deadLetterRoutingKey: 'orders.eu',
    });
    expect(root.queues.find((q) => q.name === 'rmqfix.orders.all')?.arguments).toEqual({ maxLength: 10_000, overflow: 'reject-publish' });
    expect(root.queues.find((q) => q.name === 'rmqfix.invoices')?.arguments).toEqual({ maxPriority: 10 });
    expect(root.queues.find((q) => q.name === 'rmqfix.unrouted')?.arguments).toEqual({ expiresMs: 86_400_000 });
    expect(root.bindings).toContainEqual({
      source: 'rmqfix.documents',
      destination: 'rmqfix.invoices',
      destinationType: 'queue',
      routingKey: '',
      arguments: { 'x-match': 'all', type: 'report', pages: 10 },
    });
    expect(jobs.queues).toEqual([{ name: 'rmqfix.jobs.pending', durable: true, autoDelete: false, arguments: { messageTtlMs: 3_600_000 } }]);
    expect(jobs.bindings).toEqual([{ source: 'rmqfix.jobs', destination: 'rmqfix.jobs.pending', destinationType: 'queue', routingKey: 'pending', arguments: {} }]);
    // RabbitMQ exported the binding to its internal exchange but not the exchange itself.
    expect(root.bindings.length + jobs.bindings.length).toBe(rabbit.bindings.length - 1);
    expect(plan.diff.warnings).toEqual([
      expect.stringContaining("exchange 'rmqfix.internal-fanout' is neither in the file nor in the broker"),
      'topic permissions are not supported yet: 1 was ignored',
      'policies are not supported yet: 1 was ignored',
    ]);
  });

  it('plans nothing the second time, and our export of it plans nothing either', () => {
    const after = applied(fresh(), planNodeImport(file(), fresh()));
    const again = planNodeImport(file(), after);
    expect(again.diff.added).toEqual({ exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] });
    expect(again.diff.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
    const ours = planNodeImport(definitionsImportSchema.parse(exportDefinitions(after, '1')), after);
    expect(ours.diff).toEqual({
      added: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
      changed: { exchanges: [], queues: [], users: [], vhosts: [], permissions: [] },
      removed: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
      warnings: [],
    });
  });

  it("imports into one vhost as RabbitMQ's per-vhost import does: all its topology there, users left out", () => {
    const plan = planVhostImport(file(), '/', { exchanges: builtins, queues: [], bindings: [] });
    expect(plan.diff.added.exchanges).toHaveLength(rabbit.exchanges.length);
    expect(plan.diff.added.queues).toHaveLength(rabbit.queues.length);
    expect(plan.diff.added.bindings).toHaveLength(rabbit.bindings.length - 1);
    expect(plan.diff.added.users).toEqual([]);
    expect(plan.diff.warnings).toContainEqual(expect.stringContaining('users, vhosts and permissions were left out'));
  });
});
