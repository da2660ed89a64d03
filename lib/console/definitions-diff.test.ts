import { describe, expect, it } from 'vitest';
import type { DefinitionsDiff } from '@/lib/client/types';
import { addedCounts, bindingLabel, countsText, exportFileName, fieldChanges, importText, queueLabel, readDefinitions, summarizeDiff } from './definitions-diff';

const empty = (): DefinitionsDiff => ({
  added: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
  changed: { exchanges: [], queues: [], users: [], vhosts: [], permissions: [] },
  removed: { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] },
  warnings: [],
});

const ex = (name: string, type: 'topic' | 'fanout' | 'direct' | 'headers', args: Record<string, unknown> = {}) => ({
  name,
  vhost: '/',
  type,
  durable: true,
  auto_delete: false,
  internal: false,
  arguments: args as Record<string, never>,
});
const q = (name: string, args: Record<string, unknown> = {}) => ({ name, vhost: '/', durable: true, auto_delete: false, arguments: args as Record<string, never> });

describe('readDefinitions', () => {
  it('reads a definitions object, keeping keys it does not know (users, policies)', () => {
    expect(readDefinitions('{"queues":[{"name":"a"}],"users":[]}')).toEqual({ ok: true, body: { queues: [{ name: 'a' }], users: [] } });
  });

  it.each([
    ['', 'Choose a file or paste a definitions JSON first.'],
    ['[]', 'A definitions file is a JSON object with "exchanges", "queues", "bindings" (and "users", "vhosts", "permissions") lists.'],
    ['"text"', 'A definitions file is a JSON object with "exchanges", "queues", "bindings" (and "users", "vhosts", "permissions") lists.'],
    ['{"policies":[]}', 'The file has no "exchanges", "queues", "bindings", "users", "vhosts" or "permissions": is it a definitions export?'],
    ['{"users":{}}', '"users" must be a list.'],
    ['{"queues":{}}', '"queues" must be a list.'],
  ])('refuses %j clearly', (text, error) => {
    expect(readDefinitions(text)).toEqual({ ok: false, error });
  });

  it('says where JSON is broken', () => {
    const read = readDefinitions('{"queues": [');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/^This is not valid JSON: /);
  });
});

describe('summarizeDiff', () => {
  it('groups added, changed and removed by exchanges, queues and bindings, with counts', () => {
    const diff = empty();
    diff.added.exchanges.push(ex('orders', 'topic', { 'alternate-exchange': 'unrouted' }));
    diff.added.queues.push(q('orders.eu', { 'x-message-ttl': 60000 }), q('audit'));
    diff.added.bindings.push({ source: 'orders', vhost: '/', destination: 'orders.eu', destination_type: 'queue', routing_key: 'order.*.eu', arguments: {} });
    diff.changed.queues.push({ name: 'jobs', current: q('jobs', { 'x-max-length': 10 }), desired: q('jobs', { 'x-max-length': 6, 'x-max-priority': 5 }) });
    diff.removed.exchanges.push(ex('old', 'fanout'));
    diff.warnings.push('w');
    const summary = summarizeDiff(diff);
    expect(summary.counts).toEqual({ added: 4, changed: 1, removed: 1 });
    expect(summary.blocked).toBe(true);
    expect(summary.upToDate).toBe(false);
    expect(summary.warnings).toEqual(['w']);
    const [exchanges, queues, bindings] = summary.sections;
    expect(exchanges).toEqual({ key: 'exchanges', title: 'Exchanges', added: ['orders (topic, alternate unrouted)'], changed: [], blocking: true, removed: ['old (fanout)'] });
    expect(queues.added).toEqual(['orders.eu (x-message-ttl=60000)', 'audit']);
    expect(queues.changed).toEqual([
      {
        name: 'jobs',
        changes: [
          { field: 'arguments.x-max-length', current: '10', desired: '6' },
          { field: 'arguments.x-max-priority', current: '(none)', desired: '5' },
        ],
      },
    ]);
    expect(bindings.added).toEqual(['orders → queue orders.eu (key order.*.eu)']);
  });

  it('shows users, vhosts and permissions the file adds or updates, and their updates do not refuse the import', () => {
    const diff = empty();
    diff.added.vhosts.push({ name: 'shop', description: 'the shop' });
    diff.added.users.push({ name: 'app', tags: [], hashing_algorithm: 'rabbit_password_hashing_sha256' });
    diff.changed.users.push({ name: 'ann', current: { name: 'ann', tags: [] }, desired: { name: 'ann', tags: ['monitoring'] }, passwordChanged: true });
    const permission = { user: 'app', vhost: 'shop', configure: '^orders', write: '', read: '.*' };
    diff.changed.permissions.push({ user: 'app', vhost: 'shop', current: permission, desired: { ...permission, write: '^orders' } });
    diff.removed.users.push({ name: 'bob', tags: [] });
    const summary = summarizeDiff(diff);
    expect(summary.sections.map((s) => s.key)).toEqual(['vhosts', 'users', 'permissions', 'exchanges', 'queues', 'bindings']);
    expect(summary.blocked).toBe(false);
    expect(summary.sections[0]!.added).toEqual(['shop (the shop)']);
    expect(summary.sections[1]!.added).toEqual(['app (tags: none)']);
    expect(summary.sections[1]!.changed).toEqual([
      { name: 'ann', changes: [{ field: 'tags', current: '[]', desired: '["monitoring"]' }, { field: 'password', current: '(set)', desired: '(changed)' }] },
    ]);
    expect(summary.sections[2]!.changed).toEqual([{ name: 'app in shop', changes: [{ field: 'write', current: '', desired: '^orders' }] }]);
    expect(importText(diff)).toBe('1 vhost and 1 user added, 1 user and 1 permission updated');
  });

  it('leaves out access sections a topology file only "removes"', () => {
    const diff = empty();
    diff.removed.users.push({ name: 'admin', tags: ['administrator'] });
    expect(summarizeDiff(diff).sections.map((s) => s.key)).toEqual(['exchanges', 'queues', 'bindings']);
    expect(importText(diff)).toBe('nothing');
  });

  it('is up to date when nothing would be added or changed, whatever the broker has besides', () => {
    const diff = empty();
    diff.removed.queues.push(q('other'));
    expect(summarizeDiff(diff)).toMatchObject({ upToDate: true, blocked: false, counts: { added: 0, changed: 0, removed: 1 } });
  });
});

describe('labels and counts', () => {
  it('names field changes, not only arguments', () => {
    expect(fieldChanges(ex('x', 'topic'), ex('x', 'direct'))).toEqual([{ field: 'type', current: 'topic', desired: 'direct' }]);
  });

  it('shows header arguments and the default exchange in a binding', () => {
    expect(bindingLabel({ source: 'docs', vhost: '/', destination: 'inv', destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'any', pages: 10 } })).toBe(
      'docs → queue inv (x-match=any, pages=10)',
    );
    expect(bindingLabel({ source: '', vhost: '/', destination: 'b', destination_type: 'exchange', routing_key: 'k', arguments: {} })).toBe('amq.default → exchange b (key k)');
    expect(queueLabel(q('plain'))).toBe('plain');
  });

  it('counts in words', () => {
    expect(countsText({ exchanges: 5, queues: 6, bindings: 8 })).toBe('5 exchanges, 6 queues and 8 bindings');
    expect(countsText({ exchanges: 1, queues: 0, bindings: 1 })).toBe('1 exchange and 1 binding');
    expect(countsText({ exchanges: 0, queues: 0, bindings: 0 })).toBe('nothing');
    const diff = empty();
    diff.added.queues.push(q('a'));
    expect(addedCounts(diff)).toEqual({ vhosts: 0, users: 0, permissions: 0, exchanges: 0, queues: 1, bindings: 0 });
  });

  it('names the export file by date', () => {
    expect(exportFileName(new Date(2026, 10, 2, 23, 59))).toBe('switchboard-definitions-2026-11-02.json');
  });
});
