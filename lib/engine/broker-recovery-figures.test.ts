import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import type { MessageProperties } from './types';

let engine: EngineFixture | undefined;
afterEach(async () => {
  await engine?.cleanup();
  engine = undefined;
});

const died = (reason: string, queue: string, exchange: string): MessageProperties['headers'] => ({
  'x-death': [{ reason, queue, exchange, count: 1 }],
});

describe("after a restart, a queue's figures are those of its stored messages", () => {
  it('ready, bytes, oldest age and dead-letter counts over several priorities; a TTL in a lower priority runs out on time', async () => {
    engine = await startEngine();
    const q = await newQueue(engine.broker, 'figures', { durable: true, arguments: { maxPriority: 5 } });
    const oldestAt = engine.clock.now();
    await send(engine.broker, q, 'aaaa', { priority: 5, headers: died('rejected', 'src-1', 'ex-1') });
    await engine.advance(100);
    const expiringAt = engine.clock.now() + 5000;
    await send(engine.broker, q, 'bb', { priority: 0, expirationMs: 5000, headers: died('expired', 'src-2', 'ex-2') });
    await engine.advance(100);
    // Transient: gone after the restart, from the counts and from the dead-letter tally. Priority 1 holds nothing else.
    await send(engine.broker, q, 'transient, older head of priority 0', { priority: 0, persistent: false, headers: died('maxlen', 'src-3', 'ex-3') });
    await send(engine.broker, q, 'transient only', { priority: 1, persistent: false, headers: died('maxlen', 'src-3', 'ex-3') });
    await send(engine.broker, q, 'ddd', { priority: 3 });
    expect(engine.broker.getQueue(q).messagesReady).toBe(5);

    const broker = await engine.restart();
    const stats = broker.getQueue(q);
    // Stored messages weigh their payloads only (what the store counts).
    expect({ ready: stats.messagesReady, bytes: stats.bytesReady, age: stats.oldestReadyAgeMs }).toEqual({
      ready: 3,
      bytes: 4 + 2 + 3,
      age: engine.clock.now() - oldestAt,
    });
    expect(await broker.deadLetterCounts(q)).toEqual({ total: 3, byReason: { rejected: 1, expired: 1 }, bySourceQueue: { 'src-1': 1, 'src-2': 1 } });
    expect((await broker.deadLetterSourceExchanges(q)).sort()).toEqual(['ex-1', 'ex-2']);

    await engine.advance(expiringAt - 1 - engine.clock.now());
    expect(broker.getQueue(q).messagesReady).toBe(3);
    await engine.advance(1);
    expect(broker.getQueue(q).messagesReady).toBe(2);
    expect(await broker.deadLetterCounts(q)).toEqual({ total: 2, byReason: { rejected: 1 }, bySourceQueue: { 'src-1': 1 } });
    const rest = await broker.receive(q, { max: 10 });
    expect(rest.map((d) => d.payload.toString())).toEqual(['aaaa', 'ddd']);
  });
});
