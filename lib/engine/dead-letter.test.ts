import { describe, expect, it } from 'vitest';
import { isDeathCycle, planDeadLetter, readDeaths } from './dead-letter';
import type { DeathEntry, DeathReason, FieldTable, FieldValue, QueuedMessage } from './types';

const NOW_MS = 1_700_000_123_456;
const NOW_S = 1_700_000_123;

function message(overrides: Partial<QueuedMessage> = {}): QueuedMessage {
  return {
    seq: 1,
    queue: 'orders',
    messageId: 'm-1',
    exchange: 'shop',
    routingKey: 'order.created',
    routingKeys: ['order.created'],
    payload: Buffer.from('body'),
    properties: { persistent: true },
    priority: 0,
    persistent: true,
    publishedAt: NOW_MS - 5000,
    expiresAt: null,
    deliveryCount: 1,
    ...overrides,
  };
}

function death(queue: string, reason: DeathReason, extra: Partial<DeathEntry> = {}): DeathEntry {
  return { queue, reason, count: 1, exchange: 'x', 'routing-keys': ['k'], time: 1_600_000_000, ...extra };
}

const withDeaths = (deaths: DeathEntry[], headers: FieldTable = {}): QueuedMessage =>
  message({ properties: { persistent: true, headers: { ...headers, 'x-death': deaths as unknown as FieldValue } } });

describe('planDeadLetter: the x-death entry', () => {
  it('records queue, reason, count, time in seconds, exchange and the routing keys including CC', () => {
    const m = message({
      routingKeys: ['order.created', 'audit', 'billing'],
      properties: { persistent: true, headers: { CC: ['audit', 'billing'] } },
    });
    const plan = planDeadLetter(m, 'orders', { deadLetterExchange: 'dlx' }, 'rejected', NOW_MS);
    expect(plan.deaths).toEqual([
      { queue: 'orders', reason: 'rejected', count: 1, time: NOW_S, exchange: 'shop', 'routing-keys': ['order.created', 'audit', 'billing'] },
    ]);
    expect(plan.properties.headers?.['x-death']).toEqual(plan.deaths);
  });

  it('has no original-expiration when the message carried no expiration', () => {
    const plan = planDeadLetter(message(), 'orders', {}, 'expired', NOW_MS);
    expect(plan.deaths[0]).not.toHaveProperty('original-expiration');
  });

  it('keeps the original expiration as a string when the message carried one (0 included)', () => {
    const plan = planDeadLetter(message({ properties: { expirationMs: 2500 } }), 'orders', {}, 'expired', NOW_MS);
    expect(plan.deaths[0]['original-expiration']).toBe('2500');
    const zero = planDeadLetter(message({ properties: { expirationMs: 0 } }), 'orders', {}, 'expired', NOW_MS);
    expect(zero.deaths[0]['original-expiration']).toBe('0');
  });

  it('uses whole seconds for time, rounding down', () => {
    const plan = planDeadLetter(message(), 'orders', {}, 'maxlen', 1_700_000_000_999);
    expect(plan.deaths[0].time).toBe(1_700_000_000);
  });

  it('puts a new {queue, reason} in front of the older entries', () => {
    const older = death('first', 'expired');
    const plan = planDeadLetter(withDeaths([older]), 'orders', {}, 'rejected', NOW_MS);
    expect(plan.deaths.map((d) => [d.queue, d.reason, d.count])).toEqual([
      ['orders', 'rejected', 1],
      ['first', 'expired', 1],
    ]);
  });

  it('a repeat of {queue, reason} bumps the count and moves the entry to the front, keeping its other fields', () => {
    const repeated = death('orders', 'rejected', {
      count: 2,
      exchange: 'first-exchange',
      'routing-keys': ['first-key'],
      time: 1_600_000_000,
      'original-expiration': '10',
    });
    const other = death('elsewhere', 'expired');
    const m = withDeaths([other, repeated]);
    const plan = planDeadLetter({ ...m, exchange: 'dlx', routingKeys: ['now-key'] }, 'orders', {}, 'rejected', NOW_MS);
    expect(plan.deaths).toEqual([{ ...repeated, count: 3 }, other]);
  });

  it('the same queue with another reason is a separate entry', () => {
    const plan = planDeadLetter(withDeaths([death('orders', 'rejected')]), 'orders', {}, 'expired', NOW_MS);
    expect(plan.deaths.map((d) => `${d.queue}/${d.reason}/${d.count}`)).toEqual(['orders/expired/1', 'orders/rejected/1']);
  });

  it('does not change the message it was given', () => {
    const entry = death('orders', 'rejected');
    const m = withDeaths([entry]);
    planDeadLetter(m, 'orders', {}, 'rejected', NOW_MS);
    expect(readDeaths(m.properties.headers)).toEqual([entry]);
    expect(entry.count).toBe(1);
  });
});

describe('planDeadLetter: x-first-death and x-last-death', () => {
  it('sets both on the first death', () => {
    const plan = planDeadLetter(message(), 'orders', {}, 'expired', NOW_MS);
    expect(plan.properties.headers).toMatchObject({
      'x-first-death-queue': 'orders',
      'x-first-death-reason': 'expired',
      'x-first-death-exchange': 'shop',
      'x-last-death-queue': 'orders',
      'x-last-death-reason': 'expired',
      'x-last-death-exchange': 'shop',
    });
  });

  it('keeps x-first-death-* and updates x-last-death-* on a later death', () => {
    const first = planDeadLetter(message(), 'orders', { deadLetterExchange: 'dlx' }, 'expired', NOW_MS);
    const second = planDeadLetter(
      message({ exchange: 'dlx', routingKeys: ['order.created'], properties: first.properties }),
      'parking',
      {},
      'rejected',
      NOW_MS + 1000,
    );
    expect(second.properties.headers).toMatchObject({
      'x-first-death-queue': 'orders',
      'x-first-death-reason': 'expired',
      'x-first-death-exchange': 'shop',
      'x-last-death-queue': 'parking',
      'x-last-death-reason': 'rejected',
      'x-last-death-exchange': 'dlx',
    });
  });
});

describe('planDeadLetter: where the message goes', () => {
  const cc = () =>
    message({ routingKeys: ['order.created', 'audit'], properties: { persistent: true, headers: { CC: ['audit'], keep: 'me' } } });

  it('without a dead-letter routing key reuses the routing keys, CC included, and keeps the CC header', () => {
    const plan = planDeadLetter(cc(), 'orders', { deadLetterExchange: 'dlx' }, 'rejected', NOW_MS);
    expect(plan.exchange).toBe('dlx');
    expect(plan.routingKeys).toEqual(['order.created', 'audit']);
    expect(plan.properties.headers?.CC).toEqual(['audit']);
  });

  it('a dead-letter routing key replaces the routing keys and removes CC', () => {
    const plan = planDeadLetter(cc(), 'orders', { deadLetterExchange: 'dlx', deadLetterRoutingKey: 'dead' }, 'rejected', NOW_MS);
    expect(plan.routingKeys).toEqual(['dead']);
    expect(plan.properties.headers).not.toHaveProperty('CC');
    expect(plan.properties.headers?.keep).toBe('me');
    // x-death still records what the message was routed with before it died.
    expect(plan.deaths[0]['routing-keys']).toEqual(['order.created', 'audit']);
  });

  it('an empty dead-letter routing key is still a routing key', () => {
    const plan = planDeadLetter(cc(), 'orders', { deadLetterExchange: 'dlx', deadLetterRoutingKey: '' }, 'rejected', NOW_MS);
    expect(plan.routingKeys).toEqual(['']);
  });

  it('removes the expiration and keeps the other properties', () => {
    const m = message({
      properties: { persistent: true, expirationMs: 100, messageId: 'id-7', contentType: 'text/plain', priority: 4, correlationId: 'c' },
    });
    const plan = planDeadLetter(m, 'orders', { deadLetterExchange: 'dlx' }, 'expired', NOW_MS);
    expect(plan.properties).not.toHaveProperty('expirationMs');
    expect(plan.properties).toMatchObject({ persistent: true, messageId: 'id-7', contentType: 'text/plain', priority: 4, correlationId: 'c' });
  });

  it('dead-letters to the default exchange when the dead-letter exchange is ""', () => {
    const plan = planDeadLetter(message(), 'orders', { deadLetterExchange: '', deadLetterRoutingKey: 'parking' }, 'rejected', NOW_MS);
    expect(plan.exchange).toBe('');
    expect(plan.routingKeys).toEqual(['parking']);
  });
});

describe('readDeaths', () => {
  it('reads an x-death array and ignores anything else', () => {
    expect(readDeaths(undefined)).toEqual([]);
    expect(readDeaths({ 'x-death': 'nonsense' })).toEqual([]);
    const entries = [death('a', 'expired')];
    expect(readDeaths({ 'x-death': entries as unknown as FieldValue })).toEqual(entries);
  });
});

describe('isDeathCycle', () => {
  it('no history is no cycle', () => {
    expect(isDeathCycle('a', [])).toBe(false);
  });

  it('a queue dead-lettering to itself without a rejection is a cycle', () => {
    expect(isDeathCycle('a', [death('a', 'expired')])).toBe(true);
    expect(isDeathCycle('a', [death('a', 'maxlen')])).toBe(true);
    expect(isDeathCycle('a', [death('a', 'delivery_limit')])).toBe(true);
  });

  it('a target not in the history is no cycle', () => {
    expect(isDeathCycle('c', [death('b', 'expired'), death('a', 'expired')])).toBe(false);
  });

  it('a longer automatic loop is a cycle', () => {
    expect(isDeathCycle('a', [death('b', 'expired'), death('a', 'expired')])).toBe(true);
  });

  it("a rejected death at the target's latest entry breaks the cycle (inclusive)", () => {
    expect(isDeathCycle('a', [death('a', 'rejected')])).toBe(false);
    expect(isDeathCycle('a', [death('a', 'rejected'), death('a', 'expired')])).toBe(false);
  });

  it("a rejected death since the target's latest entry breaks the cycle", () => {
    expect(isDeathCycle('a', [death('b', 'rejected'), death('a', 'expired')])).toBe(false);
    expect(isDeathCycle('a', [death('c', 'expired'), death('b', 'rejected'), death('a', 'expired')])).toBe(false);
  });

  it("a rejection older than the target's latest entry does not break it", () => {
    expect(isDeathCycle('a', [death('a', 'expired'), death('b', 'rejected')])).toBe(true);
    expect(isDeathCycle('a', [death('a', 'expired'), death('a', 'rejected')])).toBe(true);
  });

  it('applied to a plan: an automatic death into its own queue is a cycle, a rejection is not', () => {
    const expired = planDeadLetter(message(), 'orders', {}, 'expired', NOW_MS);
    expect(isDeathCycle('orders', expired.deaths)).toBe(true);
    const rejected = planDeadLetter(withDeaths(expired.deaths), 'orders', {}, 'rejected', NOW_MS);
    expect(isDeathCycle('orders', rejected.deaths)).toBe(false);
  });
});
