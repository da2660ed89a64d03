import { describe, expect, it } from 'vitest';
import { AccessDirectory } from '@/lib/access/access-directory';
import { AccessPolicy } from '@/lib/access/access-policy';
import type { AccessRepository, AccessSnapshot } from '@/lib/access/access-repository';
import { bindNeeds, declareQueueNeeds, moveNeeds, publishNeeds, readQueueNeeds } from '@/lib/access/operations';
import type { PermissionNeed } from '@/lib/access/types';
import { closeConnectionDecision, viewerActions, viewerPages } from './viewer-actions';
import { decide, mayGrantSome, type Viewer } from './viewer-permissions';

const all = { configure: '.*', write: '.*', read: '.*' };
const orders = { configure: '^orders.*', write: '^orders.*', read: '^orders.*' };

function viewer(patch: Partial<Viewer> = {}): Viewer {
  return { name: 'ann', tags: [], permissions: [{ vhost: '/', ...orders }], vhosts: ['/'], ...patch };
}

describe('viewerActions', () => {
  it('allows what an orders.* user may touch and names the first missing permission otherwise', () => {
    const can = viewerActions(viewer(), '/');
    expect(can.purgeQueue('orders-eu')).toEqual({ allowed: true });
    expect(can.purgeQueue('billing')).toEqual({ allowed: false, reason: "Needs read permission on queue 'billing'" });
    expect(can.deleteQueue('billing')).toEqual({ allowed: false, reason: "Needs configure permission on queue 'billing'" });
    expect(can.bind('orders', 'queue', 'billing')).toEqual({ allowed: false, reason: "Needs write permission on queue 'billing'" });
    expect(can.bind('audit', 'queue', 'orders-eu')).toEqual({ allowed: false, reason: "Needs read permission on exchange 'audit'" });
    expect(can.bind('orders', 'exchange', 'orders.archive')).toEqual({ allowed: true });
  });

  it('searches patterns unanchored, as RabbitMQ does', () => {
    const can = viewerActions(viewer({ permissions: [{ vhost: '/', configure: 'orders', write: '', read: 'orders' }] }), '/');
    expect(can.deleteQueue('new-orders-2').allowed).toBe(true);
    expect(can.purgeQueue('archive.orders').allowed).toBe(true);
  });

  it('checks the default exchange as amq.default, for a queue publish and a move to an exchange', () => {
    const can = viewerActions(viewer(), '/');
    expect(can.publishToQueue()).toEqual({ allowed: false, reason: "Needs write permission on exchange 'amq.default'" });
    expect(can.moveMessage('orders-eu', { exchange: '' })).toEqual({ allowed: false, reason: "Needs write permission on exchange 'amq.default'" });
    expect(viewerActions(viewer({ permissions: [{ vhost: '/', ...orders, write: '^(orders.*|amq\\.default)$' }] }), '/').publish('').allowed).toBe(true);
  });

  it('grants nothing for an empty pattern and nothing in a vhost without permissions', () => {
    const none = viewer({ permissions: [{ vhost: '/', configure: '', write: '', read: '' }] });
    expect(viewerActions(none, '/').purgeQueue('orders')).toEqual({ allowed: false, reason: "Needs read permission on queue 'orders'" });
    expect(viewerActions(viewer(), 'shop').purgeQueue('orders')).toEqual({ allowed: false, reason: "Needs permissions in vhost 'shop'" });
  });

  it('lets a read-only key browse but change nothing', () => {
    const can = viewerActions(viewer({ apiKey: { id: 'k1', name: 'dashboards', readOnly: true } }), '/');
    expect(can.browseMessages('orders').allowed).toBe(true);
    const reason = "You are logged in with the read-only API key 'dashboards'";
    expect(can.purgeQueue('orders')).toEqual({ allowed: false, reason });
    expect(can.deleteMessage('orders')).toEqual({ allowed: false, reason });
    expect(can.configureSome()).toEqual({ allowed: false, reason });
    expect(viewerPages(viewer({ tags: ['administrator'], apiKey: { id: 'k1', name: 'dashboards', readOnly: true } })).importDefinitions).toEqual({ allowed: false, reason });
  });

  it('shows a monitoring user figures but no payloads and no changes without permissions', () => {
    const monitor = viewer({ tags: ['monitoring'], permissions: [], vhosts: ['/', 'shop'] });
    const can = viewerActions(monitor, 'shop');
    expect(can.browseMessages('orders')).toEqual({ allowed: false, reason: "Needs permissions in vhost 'shop'" });
    expect(can.purgeQueue('orders').allowed).toBe(false);
    expect(viewerPages(monitor).users).toEqual({ allowed: false, reason: 'Needs the administrator tag' });
    expect(viewerPages(monitor).auditOfOthers.allowed).toBe(true);
    expect(viewerPages(viewer()).auditOfOthers).toEqual({ allowed: false, reason: 'Needs the monitoring tag' });
    expect(viewerPages(viewer({ tags: ['administrator'] })).auditOfOthers.allowed).toBe(true);
  });

  it('lets administrators change attached clusters, and monitoring users read their nodes', () => {
    const monitor = viewerPages(viewer({ tags: ['monitoring'] }));
    expect(monitor.manageClusters).toEqual({ allowed: false, reason: 'Needs the administrator tag' });
    expect(monitor.clusterNodes.allowed).toBe(true);
    expect(viewerPages(viewer()).clusterNodes).toEqual({ allowed: false, reason: 'Needs the monitoring tag' });
    const administrator = viewerPages(viewer({ tags: ['administrator'] }));
    expect(administrator.manageClusters.allowed).toBe(true);
    expect(administrator.clusterNodes.allowed).toBe(true);
    expect(viewerPages(viewer({ tags: ['administrator'], apiKey: { id: 'k1', name: 'dashboards', readOnly: true } })).manageClusters.allowed).toBe(false);
  });

  it('requires read on the dead-letter queue and write on the target to replay', () => {
    const can = viewerActions(viewer(), '/');
    expect(can.replay('orders.dlq', { queue: 'orders' }).allowed).toBe(true);
    expect(can.replay('orders.dlq', { queue: 'billing' })).toEqual({ allowed: false, reason: "Needs write permission on queue 'billing'" });
    expect(can.replayToSource('billing.dlq')).toEqual({ allowed: false, reason: "Needs read permission on queue 'billing.dlq'" });
    expect(viewerActions(viewer({ permissions: [{ vhost: '/', ...orders, write: '' }] }), '/').replayToSource('orders.dlq')).toEqual({
      allowed: false,
      reason: "Needs write permission in vhost '/'",
    });
  });

  it('checks a dead-letter exchange on declare as the server does', () => {
    const can = viewerActions(viewer(), '/');
    expect(can.declareQueue('orders-eu').allowed).toBe(true);
    expect(can.declareQueue('orders-eu', 'dlx')).toEqual({ allowed: false, reason: "Needs write permission on exchange 'dlx'" });
    expect(can.declareQueue('orders-eu', 'orders.dlx').allowed).toBe(true);
  });

  it('treats a pattern this browser cannot compile as granting nothing', () => {
    expect(decide(viewer({ permissions: [{ vhost: '/', configure: '(?<=', write: '', read: '' }] }), '/', declareQueueNeeds('x'), { mutates: true }).allowed).toBe(false);
  });
});

describe('mayGrantSome and closing connections', () => {
  it('offers a form when some name could be granted', () => {
    expect(mayGrantSome(viewer(), '/', 'configure').allowed).toBe(true);
    expect(mayGrantSome(viewer({ permissions: [{ vhost: '/', configure: '^$', write: '', read: '' }] }), '/', 'configure')).toEqual({
      allowed: false,
      reason: "Needs configure permission in vhost '/'",
    });
  });

  it("closes one's own connections, and anyone's as an administrator", () => {
    expect(closeConnectionDecision(viewer(), 'ann').allowed).toBe(true);
    expect(closeConnectionDecision(viewer(), 'bob')).toEqual({ allowed: false, reason: 'Only bob or an administrator may close it' });
    expect(closeConnectionDecision(viewer({ tags: ['administrator'] }), 'bob').allowed).toBe(true);
  });
});

/** The server's own policy over an in-memory directory: the repository only hands it the snapshot. */
async function serverPolicy(snapshot: AccessSnapshot): Promise<AccessPolicy> {
  const repository = { load: async () => snapshot } as unknown as AccessRepository;
  return new AccessPolicy(await AccessDirectory.load(repository));
}

describe('agreement with the server policy', () => {
  it('answers as AccessPolicy.check for every pattern set, action and key', async () => {
    const patternSets = [all, orders, { configure: '', write: 'amq\\.default|orders', read: '^orders$' }, { configure: '^$', write: '', read: '' }];
    const users = patternSets.map((patterns, index) => ({ name: `u${index}`, tags: [], patterns }));
    const policy = await serverPolicy({
      users: users.map(({ name, tags }) => ({ name, tags })),
      vhosts: [{ name: '/', description: '' }],
      permissions: users.map(({ name, patterns }) => ({ user: name, vhost: '/', ...patterns })),
      apiKeys: [],
    });
    const needSets: Array<[PermissionNeed[], boolean]> = [];
    for (const name of ['orders', 'orders-eu', 'billing', '']) {
      needSets.push([readQueueNeeds(name), true], [readQueueNeeds(name), false], [declareQueueNeeds(name, 'orders.dlx'), true]);
      needSets.push([publishNeeds(name), true], [bindNeeds(name, 'queue', 'orders'), true], [moveNeeds('orders', { exchange: name }), true]);
    }
    let compared = 0;
    for (const user of users) {
      for (const readOnly of [false, true]) {
        const apiKey = readOnly ? { id: 'k', name: 'k', readOnly } : undefined;
        const principal = policy.principal(user.name, apiKey);
        const whoami = viewer({ name: user.name, permissions: [{ vhost: '/', ...user.patterns }], ...(apiKey ? { apiKey } : {}) });
        for (const [needs, mutates] of needSets) {
          let serverAllows = true;
          try {
            policy.check(principal, '/', needs, { mutates });
          } catch {
            serverAllows = false;
          }
          expect(decide(whoami, '/', needs, { mutates }).allowed, `${user.name} ${JSON.stringify(needs)} mutates=${mutates} readOnly=${readOnly}`).toBe(serverAllows);
          compared++;
        }
      }
    }
    expect(compared).toBe(users.length * 2 * needSets.length);
  });
});
