import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RecoveredState } from '../engine/store';
import { packRecovery, unpackRecovery, type PackedRecovery } from './packed-recovery';
import { binding, exchange, queue } from './store-contract-fixtures';

/** Sends the packed state through a real MessagePort, cloned as the worker's reply is. */
function throughPort(packed: PackedRecovery): Promise<PackedRecovery> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received: PackedRecovery) => {
      port1.close();
      port2.close();
      resolve(received);
    });
    port1.postMessage(packed);
  });
}

describe('packed recovery', () => {
  it('arrives as it was sent: queue flags, arguments and owners, every ready count figure, null and unknown expiries', async () => {
    const state: RecoveredState = {
      exchanges: [exchange('orders'), exchange('dlx', { type: 'fanout', alternateExchange: 'ae' })],
      queues: [
        queue('plain'),
        queue('with-arguments', { autoDelete: true, arguments: { maxLength: 10, deadLetterExchange: 'dlx', maxPriority: 5 } }),
        queue('transient', { durable: false }),
        queue('exclusive', { exclusiveOwner: 'conn-1' }),
      ],
      bindings: [binding('orders', 'plain')],
      readyCounts: [
        { queue: 'plain', priority: 0, count: 3, bytes: 3072, minSeq: 10, oldestPublishedAt: 1_700_000_000_123, nextExpiresAt: null },
        { queue: 'with-arguments', priority: 5, count: 1, bytes: 0, minSeq: 2 ** 40, oldestPublishedAt: 1, nextExpiresAt: 1_700_000_009_000 },
        { queue: 'with-arguments', priority: 0, count: 2, bytes: 7, minSeq: 11, oldestPublishedAt: 2, nextExpiresAt: null },
        { queue: 'plain', priority: 2, count: 1, bytes: 1, minSeq: 12, oldestPublishedAt: 3 },
        // A count for a queue the state does not list keeps its own name.
        { queue: 'not-listed', priority: 0, count: 1, bytes: 1, minSeq: 13, oldestPublishedAt: 4, nextExpiresAt: null },
      ],
      deadLetterCounts: [{ queue: 'plain', deathKey: '["rejected","src",null]', count: 2 }],
      maxSeq: 2 ** 40,
    };
    expect(unpackRecovery(await throughPort(packRecovery(state)))).toStrictEqual(state);
  });

  it('packs a vhost with nothing stored', async () => {
    const empty: RecoveredState = { exchanges: [], queues: [], bindings: [], readyCounts: [], deadLetterCounts: [], maxSeq: 0 };
    expect(unpackRecovery(await throughPort(packRecovery(empty)))).toStrictEqual(empty);
  });
});
