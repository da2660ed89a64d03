/** Consumer priorities (RabbitMQ's `x-priority`): highest first while it has room, round-robin among equals. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, newQueue, send } from '../../tests/support/engine-helpers';
import type { Broker } from './broker';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

/** A consumer that keeps what it gets, unacked, until the test acks it. */
function consumer(broker: Broker, queue: string, prefetch: number, priority?: number) {
  const got: Delivery[] = [];
  const subscription = broker.subscribe(queue, { prefetch, onDelivery: (d) => got.push(d), ...(priority === undefined ? {} : { priority }) });
  return { got, subscription, ack: (index: number) => broker.ack(queue, [got[index].deliveryTag]) };
}

async function sendAll(broker: Broker, queue: string, count: number, prefix = 'm'): Promise<void> {
  for (let i = 1; i <= count; i++) await send(broker, queue, `${prefix}${i}`);
}

describe('consumer priorities', () => {
  it('serve the higher-priority consumer first, whatever the order the consumers came in', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-first');
    const low = consumer(broker, q, 0);
    const high = consumer(broker, q, 0, 10);
    const negative = consumer(broker, q, 0, -5);
    await sendAll(broker, q, 4);
    expect(bodies(high.got)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(low.got).toEqual([]);
    expect(negative.got).toEqual([]);
  });

  it('share round-robin among consumers of the same priority', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-rr');
    const lower = consumer(broker, q, 0, 1);
    const a = consumer(broker, q, 0, 5);
    const b = consumer(broker, q, 0, 5);
    const c = consumer(broker, q, 0, 5);
    await sendAll(broker, q, 7);
    expect(bodies(a.got)).toEqual(['m1', 'm4', 'm7']);
    expect(bodies(b.got)).toEqual(['m2', 'm5']);
    expect(bodies(c.got)).toEqual(['m3', 'm6']);
    expect(lower.got).toEqual([]);
  });

  it('fall back to a lower priority while every higher consumer is full, and default to priority 0', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-fallback');
    const high = consumer(broker, q, 1, 10);
    const middle = consumer(broker, q, 2);
    const low = consumer(broker, q, 0, -1);
    await sendAll(broker, q, 6);
    expect(bodies(high.got)).toEqual(['m1']);
    expect(bodies(middle.got)).toEqual(['m2', 'm3']);
    expect(bodies(low.got)).toEqual(['m4', 'm5', 'm6']);
  });

  it('go back to the higher consumer as soon as it acks; the lower one waits while the higher has room', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-back');
    const high = consumer(broker, q, 1, 10);
    const low = consumer(broker, q, 1, 0);
    await sendAll(broker, q, 4);
    expect(bodies(high.got)).toEqual(['m1']);
    expect(bodies(low.got)).toEqual(['m2']);
    expect(counts(broker, q)).toEqual({ ready: 2, unacked: 2, messages: 4 });

    await high.ack(0);
    expect(bodies(high.got)).toEqual(['m1', 'm3']);
    await high.ack(1);
    expect(bodies(high.got)).toEqual(['m1', 'm3', 'm4']);
    expect(bodies(low.got)).toEqual(['m2']);

    // With the higher one full again, a new message goes to the lower one once it has room.
    await send(broker, q, 'm5');
    expect(counts(broker, q).ready).toBe(1);
    await low.ack(0);
    expect(bodies(low.got)).toEqual(['m2', 'm5']);
  });

  it('keep the order when a consumer leaves: its priority goes on round-robin, a lower one takes over when none is left', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-cancel');
    const a = consumer(broker, q, 0, 3);
    const b = consumer(broker, q, 0, 3);
    const low = consumer(broker, q, 0);
    await sendAll(broker, q, 2, 'x');
    expect([bodies(a.got), bodies(b.got)]).toEqual([['x1'], ['x2']]);
    a.subscription.cancel(true);
    await sendAll(broker, q, 2, 'y');
    expect(bodies(b.got)).toEqual(['x2', 'y1', 'y2']);
    b.subscription.cancel(true);
    await send(broker, q, 'z');
    expect(bodies(low.got)).toEqual(['z']);
    expect(broker.getQueue(q).consumers).toBe(1);
  });
});
