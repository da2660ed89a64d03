import { describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../types';
import { redriveCount, replayMatches, sourceOf, toReplaySpec } from './replay-filter';

const death = { queue: 'work', reason: 'expired', count: 1, exchange: 'orders', 'routing-keys': ['a', 'b'], time: 1 };
const message = (over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  seq: 10,
  queue: 'dlq',
  messageId: 'm',
  exchange: 'dlx',
  routingKey: 'a',
  routingKeys: ['a'],
  payload: Buffer.from('x'),
  properties: { headers: { 'x-death': [death, { ...death, queue: 'older', reason: 'rejected' }], tenant: 'a', n: 1 } },
  priority: 0,
  persistent: true,
  publishedAt: 1_000,
  expiresAt: null,
  deliveryCount: 0,
  ...over,
});

describe('replay filters', () => {
  it('fixes ages to instants at the start and fills in defaults', () => {
    expect(toReplaySpec({ filter: { olderThanMs: 100, newerThanMs: 500, reason: 'expired' } }, 2_000, 42, 5)).toEqual({
      to: 'source',
      filter: { reason: 'expired', publishedBefore: 1_900, publishedAfter: 1_500 },
      maxRedrives: 5,
      maxSeq: 42,
    });
  });

  it('matches on the newest x-death entry, headers by JSON value, ids, age, and only messages there at the start', () => {
    const spec = (over: Parameters<typeof toReplaySpec>[0]) => toReplaySpec(over, 2_000, 10, 5);
    expect(replayMatches(spec({}), message())).toBe(true);
    expect(replayMatches(spec({}), message({ seq: 11 }))).toBe(false);
    expect(replayMatches(spec({ filter: { reason: 'expired', sourceQueue: 'work' } }), message())).toBe(true);
    expect(replayMatches(spec({ filter: { reason: 'rejected' } }), message())).toBe(false);
    expect(replayMatches(spec({ filter: { sourceQueue: 'older' } }), message())).toBe(false);
    expect(replayMatches(spec({ filter: { reason: 'expired' } }), message({ properties: {} }))).toBe(false);
    expect(replayMatches(spec({ filter: { headers: { tenant: 'a', n: 1 } } }), message())).toBe(true);
    expect(replayMatches(spec({ filter: { headers: { n: '1' } } }), message())).toBe(false);
    expect(replayMatches(spec({ filter: { headers: { missing: null } } }), message())).toBe(false);
    expect(replayMatches(spec({ messageIds: ['m'] }), message())).toBe(true);
    expect(replayMatches(spec({ messageIds: ['other'] }), message())).toBe(false);
    expect(replayMatches(spec({ filter: { olderThanMs: 1_000 } }), message())).toBe(true);
    expect(replayMatches(spec({ filter: { olderThanMs: 1_001 } }), message())).toBe(false);
    expect(replayMatches(spec({ filter: { newerThanMs: 999 } }), message())).toBe(false);
  });

  it('reads the redrive count and the source from x-death', () => {
    expect(redriveCount(message())).toBe(0);
    expect(redriveCount(message({ properties: { headers: { 'x-redrive-count': 3 } } }))).toBe(3);
    expect(redriveCount(message({ properties: { headers: { 'x-redrive-count': 'x' } } }))).toBe(0);
    expect(sourceOf(message())).toEqual({ exchange: 'orders', routingKeys: ['a', 'b'] });
    expect(sourceOf(message({ properties: {} }))).toBeUndefined();
  });
});
