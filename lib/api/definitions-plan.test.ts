import { describe, expect, it } from 'vitest';
import { rabbitHash } from '@/lib/access/password-hashing';
import { exportDefinitions, type NodeSnapshot } from './definitions';
import { broker, builtins, queue } from './definitions.fixtures';
import { assertNoConflicts, planNodeImport, planVhostImport } from './definitions-plan';
import { ApiError } from './errors';
import { definitionsImportSchema } from './schemas/definitions';

const parse = (value: unknown) => definitionsImportSchema.parse(value);

const node = (): NodeSnapshot => ({
  users: [{ name: 'admin', tags: ['administrator'] }],
  vhosts: [{ name: '/', description: 'Default virtual host' }],
  permissions: [{ user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
  topology: new Map([['/', broker()]]),
});

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('planNodeImport', () => {
  it('is a no-op on the node it was exported from', () => {
    const plan = planNodeImport(parse(exportDefinitions(node(), '1')), node());
    expect(plan.newVhosts).toEqual([]);
    expect([plan.access.users, plan.access.vhosts, plan.access.permissions]).toEqual([[], [], []]);
    expect(plan.diff.added).toEqual({ exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] });
    expect(plan.diff.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
    expect(plan.diff.warnings).toEqual([]);
  });

  it('creates a vhost with its topology, a user and its permission there, in one diff', () => {
    const plan = planNodeImport(
      parse({
        vhosts: [{ name: 'jobs', description: 'Jobs' }],
        users: [{ name: 'worker', password_hash: rabbitHash('worker-password'), tags: [] }],
        permissions: [{ user: 'worker', vhost: 'jobs', configure: '^jobs\\.', write: '^jobs\\.', read: '^jobs\\.' }],
        exchanges: [{ name: 'jobs', vhost: 'jobs', type: 'direct' }],
        queues: [{ name: 'jobs.pending', vhost: 'jobs' }],
        bindings: [
          { source: 'jobs', vhost: 'jobs', destination: 'jobs.pending', destination_type: 'queue', routing_key: 'pending' },
          { source: 'amq.topic', vhost: 'jobs', destination: 'jobs.pending', destination_type: 'queue', routing_key: '#' },
        ],
      }),
      node(),
    );
    expect(plan.newVhosts).toEqual(['jobs']);
    const jobs = plan.topology.find((t) => t.vhost === 'jobs')!;
    expect(jobs.bindings.map((b) => b.source)).toEqual(['jobs', 'amq.topic']);
    expect(plan.diff.added.vhosts).toEqual([{ name: 'jobs', description: 'Jobs' }]);
    expect(plan.diff.added.users.map((u) => u.name)).toEqual(['worker']);
    expect(plan.diff.added.permissions.map((p) => p.vhost)).toEqual(['jobs']);
    expect(plan.diff.added.queues).toEqual([{ name: 'jobs.pending', vhost: 'jobs', durable: true, auto_delete: false, arguments: {} }]);
    // What the file leaves out of vhost '/' is listed, never deleted.
    expect(plan.diff.removed.queues.map((q) => `${q.vhost}:${q.name}`)).toEqual(['/:orders.created', '/:orders.dlq']);
    expect(plan.diff.removed.users.map((u) => u.name)).toEqual(['admin']);
  });

  it('refuses, listing every problem of the file at once: access, vhosts and topology', () => {
    const error = refusal(() =>
      planNodeImport(
        parse({
          users: [{ name: 'u', password_hash: 'abc', hashing_algorithm: 'scrypt' }],
          permissions: [{ user: 'u', vhost: 'nowhere', configure: '.*', write: '.*', read: '.*' }],
          queues: [{ name: 'q', vhost: 'elsewhere' }, { name: 'dup' }, { name: 'dup', durable: false }],
        }),
        node(),
      ),
    );
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^definitions\.users\.0\.hashing_algorithm: unknown hashing algorithm 'scrypt' .* \(and 3 more\)$/);
    expect((error.details as { path: unknown[] }[]).map((d) => d.path.join('.'))).toEqual([
      'users.0.hashing_algorithm',
      'permissions.0.vhost',
      'queues.0.vhost',
      'queues.2.name',
    ]);
  });

  it('warns of the sections it does not support yet', () => {
    const plan = planNodeImport(parse({ policies: [{ name: 'p' }], topic_permissions: [{}, {}], parameters: [] }), node());
    expect(plan.diff.warnings).toEqual(['topic permissions are not supported yet: 2 were ignored', 'policies are not supported yet: 1 was ignored']);
  });
});

describe('planVhostImport', () => {
  it('puts every entry in its vhost whatever the entry says, and leaves users, vhosts and permissions out', () => {
    const plan = planVhostImport(
      parse({ users: [{ name: 'x', tags: 'bogus' }], queues: [{ name: 'a', vhost: '/' }, { name: 'b', vhost: 'jobs' }] }),
      'jobs',
      { exchanges: builtins, queues: [queue('b')], bindings: [] },
    );
    expect(plan.topology).toHaveLength(1);
    expect(plan.diff.added.queues.map((q) => `${q.vhost}:${q.name}`)).toEqual(['jobs:a']);
    expect(plan.diff.added.users).toEqual([]);
    expect(plan.diff.removed.users).toEqual([]);
    expect(plan.diff.warnings).toEqual([
      'users, vhosts and permissions were left out: a vhost\'s import takes its topology only (POST /api/v1/definitions imports them)',
    ]);
  });
});

describe('assertNoConflicts', () => {
  it('refuses (409) an import that would change an existing exchange or queue', () => {
    const plan = planNodeImport(parse({ queues: [{ name: 'orders.dlq', arguments: { 'x-max-length': 1 } }] }), node());
    const error = refusal(() => assertNoConflicts(plan));
    expect(error.code).toBe('precondition_failed');
    expect(error.details).toEqual({ exchanges: [], queues: [expect.objectContaining({ name: 'orders.dlq' })] });
    expect(() => assertNoConflicts(planNodeImport(parse({ queues: [{ name: 'fresh' }] }), node()))).not.toThrow();
  });
});
