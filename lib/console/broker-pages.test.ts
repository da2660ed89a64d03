import { describe, expect, it } from 'vitest';
import { brokerAbilities, EVERYTHING } from './broker-abilities';
import { brokerHome, pageAvailability, pageOperations, pathAfterSwitch } from './broker-pages';
import { clusterScope, EMBEDDED_SCOPE } from './broker-scope';

const rabbit = brokerAbilities({
  name: 'prod',
  operations: ['listQueues', 'getQueue', 'declareQueue', 'deleteQueue', 'purgeQueue', 'publishToQueue'],
  capabilities: {},
});

describe('pageAvailability', () => {
  it('shows the queue pages on a cluster that serves them, and not the pages it has no operation for', () => {
    expect(pageAvailability('/queues', rabbit).allowed).toBe(true);
    expect(pageAvailability('/queues/orders%2Feu', rabbit).allowed).toBe(true);
    for (const path of ['/', '/queues/orders/messages', '/routing', '/dead-letters', '/connections', '/definitions']) {
      expect(pageAvailability(path, rabbit), path).toMatchObject({ allowed: false, reason: "Switchboard does not do this on cluster 'prod' yet" });
    }
  });

  it("shows the console's message browser where the broker serves peek, even if it can only get and requeue, and hides it where not", () => {
    const browsing = brokerAbilities({ name: 'prod', operations: ['listQueues', 'getQueue', 'peek'], capabilities: { sideEffectFreeBrowse: 'RabbitMQ takes and requeues' } });
    expect(pageAvailability('/queues/orders/messages', browsing).allowed).toBe(true);
    expect(pageAvailability('/queues/orders/messages', EVERYTHING).allowed).toBe(true);
    const notPeeking = brokerAbilities({ name: 'prod', operations: ['listQueues', 'getQueue'], capabilities: {} });
    expect(pageAvailability('/queues/orders/messages', notPeeking)).toMatchObject({ allowed: false, reason: "Switchboard does not do this on cluster 'prod' yet" });
    expect(pageAvailability('/queues/orders', notPeeking).allowed).toBe(true);
  });

  it('shows the dead letters where the broker replays and lists bindings, and routing only where it edits and tests routes', () => {
    const replaying = brokerAbilities({
      name: 'prod',
      operations: ['listQueues', 'getQueue', 'listExchanges', 'listBindings', 'replay', 'listJobs'],
      capabilities: { deadLetterCounts: 'RabbitMQ does not count them' },
    });
    expect(pageAvailability('/dead-letters', replaying).allowed).toBe(true);
    expect(pageAvailability('/routing', replaying)).toMatchObject({ allowed: false, reason: "Switchboard does not do this on cluster 'prod' yet" });
    expect(pageAvailability('/connections', brokerAbilities({ name: 'prod', operations: ['listVhostConnections'], capabilities: {} })).allowed).toBe(true);
    expect(pageAvailability('/routing', brokerAbilities({ name: 'prod', operations: ['listExchanges', 'listBindings', 'createBinding', 'routeTest'], capabilities: {} })).allowed).toBe(true);
  });

  it('shows every page on the embedded broker, and the pages of Switchboard itself everywhere', () => {
    expect(pageAvailability('/dead-letters', EVERYTHING).allowed).toBe(true);
    for (const path of ['/clusters', '/clusters/c1', '/users', '/audit', '/api-keys']) {
      expect(pageOperations(path), path).toEqual([]);
      expect(pageAvailability(path, rabbit).allowed, path).toBe(true);
    }
    // A queue called "messages" is a queue's page, not a message browser.
    expect(pageOperations('/queues/messages')).toEqual(['listQueues', 'getQueue']);
  });
});

describe('pathAfterSwitch', () => {
  it("stays in a section the new broker shows (a queue's page goes to the list) and else opens the broker's own page", () => {
    expect(pathAfterSwitch('/queues', clusterScope('c1'), rabbit)).toBe('/queues');
    expect(pathAfterSwitch('/queues/orders', clusterScope('c1'), rabbit)).toBe('/queues');
    expect(pathAfterSwitch('/', clusterScope('c 1'), rabbit)).toBe('/clusters/c%201');
    const withOverview = brokerAbilities({ name: 'prod', operations: ['getOverview'], capabilities: {} });
    expect(pathAfterSwitch('/', clusterScope('c1'), withOverview)).toBe('/');
    expect(pathAfterSwitch('/clusters', clusterScope('c1'), rabbit)).toBe('/clusters/c1');
    expect(pathAfterSwitch('/queues/orders', EMBEDDED_SCOPE, EVERYTHING)).toBe('/queues');
    expect(pathAfterSwitch('/clusters/c1', EMBEDDED_SCOPE, EVERYTHING)).toBe('/');
    expect(pathAfterSwitch('/dead-letters', EMBEDDED_SCOPE, EVERYTHING)).toBe('/dead-letters');
    expect(brokerHome(EMBEDDED_SCOPE)).toBe('/');
  });
});
