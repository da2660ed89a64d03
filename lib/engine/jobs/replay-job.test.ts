import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../../tests/support/engine-fixture';
import { counts, deathsOf, drain, receiveAll, settleAll, unique } from '../../../tests/support/engine-helpers';
import type { Broker } from '../broker';
import type { JobInfo } from './job';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine({ headLimit: 8 });
});
afterEach(async () => {
  await engine.cleanup();
});

interface Topology {
  exchange: string;
  work: string;
  other: string;
  dlx: string;
  dlq: string;
}

/** orders (direct) → work / other, both dead-lettering into one dlq through a fanout dlx. */
async function topology(broker: Broker): Promise<Topology> {
  const t = { exchange: unique('orders'), work: unique('work'), other: unique('other'), dlx: unique('dlx'), dlq: unique('dlq') };
  await broker.declareExchange(t.exchange, { type: 'direct' });
  await broker.declareExchange(t.dlx, { type: 'fanout' });
  await broker.declareQueue(t.dlq);
  await broker.bind({ source: t.dlx, destination: t.dlq });
  for (const [queue, key] of [[t.work, 'work'], [t.other, 'other']]) {
    await broker.declareQueue(queue, { arguments: { deadLetterExchange: t.dlx } });
    await broker.bind({ source: t.exchange, destination: queue, routingKey: key });
  }
  return t;
}

/** Publishes `count` messages by `key` and rejects them all, so they wait in the dlq. */
async function deadLetter(broker: Broker, t: Topology, key: 'work' | 'other', count: number, prefix = key): Promise<void> {
  for (let i = 0; i < count; i++) {
    await broker.publish({ exchange: t.exchange, routingKey: key, payload: text(`${prefix}-${i}`), properties: { messageId: `${prefix}-${i}`, headers: { tenant: i % 2 === 0 ? 'a' : 'b' } } });
  }
  const queue = key === 'work' ? t.work : t.other;
  const deliveries = await drain(broker, queue, count);
  await broker.nack(queue, deliveries.map((d) => d.deliveryTag), false);
  await settleAll();
}

/** Advances time in steps until the job has finished (or the steps run out). */
async function finish(id: string, stepMs = 100, maxSteps = 500): Promise<JobInfo> {
  for (let i = 0; i < maxSteps; i++) {
    const job = engine.broker.getJob(id);
    if (job.status !== 'running') return job;
    await engine.advance(stepMs);
  }
  return engine.broker.getJob(id);
}

const sorted = (values: string[]) => [...values].sort();

describe('replay of dead letters', () => {
  it('a dry run counts what would move, by reason, source queue, header, ids and limit; nothing moves', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    await deadLetter(broker, t, 'work', 6);
    await deadLetter(broker, t, 'other', 3);
    expect(await broker.countReplay(t.dlq, {})).toBe(9);
    expect(await broker.countReplay(t.dlq, { filter: { sourceQueue: t.work } })).toBe(6);
    expect(await broker.countReplay(t.dlq, { filter: { reason: 'rejected', headers: { tenant: 'a' } } })).toBe(5);
    expect(await broker.countReplay(t.dlq, { filter: { reason: 'expired' } })).toBe(0);
    expect(await broker.countReplay(t.dlq, { messageIds: ['work-1', 'other-2', 'nope'] })).toBe(2);
    expect(await broker.countReplay(t.dlq, { limit: 4 })).toBe(4);
    expect(await broker.countReplay(t.dlq, { filter: { olderThanMs: 1 } })).toBe(0);
    await engine.advance(5000);
    expect(await broker.countReplay(t.dlq, { filter: { olderThanMs: 1000 } })).toBe(9);
    expect(await broker.countReplay(t.dlq, { filter: { newerThanMs: 1000 } })).toBe(0);
    expect(counts(broker, t.dlq).ready).toBe(9);
    expect(await broker.deadLetterCounts(t.dlq)).toEqual({ total: 9, byReason: { rejected: 9 }, bySourceQueue: { [t.work]: 6, [t.other]: 3 } });
  });

  it('replays to the source from x-death, keeping headers and adding x-redrive-count; counters are exact', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    await deadLetter(broker, t, 'work', 20);
    await deadLetter(broker, t, 'other', 5);
    const started = await broker.startReplay(t.dlq, { filter: { sourceQueue: t.work } });
    expect(started).toMatchObject({ kind: 'replay', queue: t.dlq, status: 'running', total: 20, done: 0, skipped: 0, failed: 0 });
    const job = await finish(started.id);
    expect(job).toMatchObject({ status: 'completed', total: 20, done: 20, skipped: 0, failed: 0, finishedAt: expect.any(Number) });
    expect(counts(broker, t.dlq).ready).toBe(5);
    const back = await drain(broker, t.work, 20);
    expect(back.map((d) => d.messageId)).toEqual(Array.from({ length: 20 }, (_, i) => `work-${i}`));
    expect(back[0].properties.headers).toMatchObject({ tenant: 'a', 'x-redrive-count': 1 });
    expect(deathsOf(back[0])[0]).toMatchObject({ queue: t.work, reason: 'rejected', exchange: t.exchange, 'routing-keys': ['work'] });
    expect(counts(broker, t.other).ready).toBe(0);
    expect(broker.listJobs(t.dlq).map((j) => j.id)).toEqual([started.id]);
  });

  it('skips a message whose redrive count would pass maxRedrives; it stays in the dead-letter queue', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    await deadLetter(broker, t, 'work', 3);
    const first = await finish((await broker.startReplay(t.dlq, { maxRedrives: 1 })).id);
    expect(first).toMatchObject({ done: 3, skipped: 0 });
    const again = await drain(broker, t.work, 3);
    await broker.nack(t.work, again.map((d) => d.deliveryTag), false);
    await settleAll();
    const second = await finish((await broker.startReplay(t.dlq, { maxRedrives: 1 })).id);
    expect(second).toMatchObject({ status: 'completed', total: 3, done: 0, skipped: 3, failed: 0 });
    expect(counts(broker, t.dlq).ready).toBe(3);
    const third = await finish((await broker.startReplay(t.dlq, {})).id);
    expect(third).toMatchObject({ done: 3, skipped: 0 });
    const [one] = await receiveAll(broker, t.work);
    expect(one.properties.headers?.['x-redrive-count']).toBe(2);
  });

  it('moves to a chosen queue or exchange; a message that cannot go is counted failed and stays', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    const parking = unique('parking');
    await broker.declareQueue(parking);
    await deadLetter(broker, t, 'work', 4);
    const toQueue = await finish((await broker.startReplay(t.dlq, { to: { queue: parking }, messageIds: ['work-0', 'work-1'] })).id);
    expect(toQueue).toMatchObject({ total: 2, done: 2 });
    expect(sorted((await receiveAll(broker, parking)).map((d) => d.messageId))).toEqual(['work-0', 'work-1']);
    const nowhere = await finish((await broker.startReplay(t.dlq, { to: { exchange: t.exchange, routingKey: 'none' } })).id);
    expect(nowhere).toMatchObject({ status: 'completed', total: 2, done: 0, failed: 2 });
    expect(counts(broker, t.dlq).ready).toBe(2);
    const viaExchange = await finish((await broker.startReplay(t.dlq, { to: { exchange: t.exchange, routingKey: 'other' } })).id);
    expect(viaExchange).toMatchObject({ total: 2, done: 2 });
    expect(counts(broker, t.other).ready).toBe(2);
    await expect(broker.startReplay(t.dlq, { to: { queue: unique('missing') } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(broker.startReplay(unique('missing'), {})).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sends back to the source only through the exchanges it was allowed; the others fail and stay', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    await deadLetter(broker, t, 'work', 3);
    const refused = await finish((await broker.startReplay(t.dlq, { sourceExchanges: [unique('elsewhere')] })).id);
    expect(refused).toMatchObject({ status: 'completed', total: 3, done: 0, failed: 3 });
    expect(counts(broker, t.dlq).ready).toBe(3);
    const allowed = await finish((await broker.startReplay(t.dlq, { sourceExchanges: [t.exchange] })).id);
    expect(allowed).toMatchObject({ status: 'completed', total: 3, done: 3, failed: 0 });
    expect(counts(broker, t.work).ready).toBe(3);
  });

  it('keeps to ratePerSec on the injected clock, and can be paused, resumed and cancelled', async () => {
    const { broker } = engine;
    const t = await topology(broker);
    await deadLetter(broker, t, 'work', 30);
    const { id } = await broker.startReplay(t.dlq, { ratePerSec: 10 });
    await engine.advance(0);
    for (let i = 0; i < 10; i++) await engine.advance(100);
    const afterOneSecond = broker.getJob(id).done;
    expect(afterOneSecond).toBeGreaterThanOrEqual(9);
    expect(afterOneSecond).toBeLessThanOrEqual(11);
    // A long gap saves up at most one second's worth.
    await engine.advance(10_000);
    expect(broker.getJob(id).done - afterOneSecond).toBeLessThanOrEqual(10);
    await broker.pauseJob(id);
    const paused = broker.getJob(id);
    await engine.advance(5000);
    expect(broker.getJob(id)).toMatchObject({ status: 'paused', done: paused.done });
    await broker.resumeJob(id);
    await engine.advance(0);
    await engine.advance(500);
    const resumed = broker.getJob(id).done;
    expect(resumed).toBeGreaterThan(paused.done);
    const cancelled = await broker.cancelJob(id);
    expect(cancelled.status).toBe('cancelled');
    await engine.advance(5000);
    expect(broker.getJob(id)).toMatchObject({ status: 'cancelled', done: resumed });
    expect(counts(broker, t.work).ready).toBe(resumed);
    expect(counts(broker, t.dlq).ready).toBe(30 - resumed);
    await expect(broker.resumeJob(id)).rejects.toMatchObject({ code: 'precondition_failed' });
    expect(() => broker.getJob('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('resumes after a restart mid-job: every message ends up exactly once, and the counters are exact', async () => {
    const t = await topology(engine.broker);
    await deadLetter(engine.broker, t, 'work', 40);
    const { id } = await engine.broker.startReplay(t.dlq, { ratePerSec: 10 });
    await engine.advance(0);
    for (let i = 0; i < 12; i++) await engine.advance(100);
    const before = engine.broker.getJob(id);
    expect(before.status).toBe('running');
    expect(before.done).toBeGreaterThan(0);
    expect(before.done).toBeLessThan(40);

    const broker = await engine.restart();
    await settleAll();
    const recovered = broker.getJob(id);
    expect(recovered).toMatchObject({ status: 'running', done: before.done, total: 40 });
    expect(counts(broker, t.work).ready + counts(broker, t.dlq).ready).toBe(40);
    expect(counts(broker, t.work).ready).toBe(before.done);

    const job = await finish(id);
    expect(job).toMatchObject({ status: 'completed', total: 40, done: 40, skipped: 0, failed: 0 });
    expect(counts(broker, t.dlq).ready).toBe(0);
    const all = await drain(broker, t.work, 40);
    expect(sorted(all.map((d) => d.messageId))).toEqual(sorted(Array.from({ length: 40 }, (_, i) => `work-${i}`)));
    expect(new Set(all.map((d) => d.properties.headers?.['x-redrive-count']))).toEqual(new Set([1]));
  });

  it('finished and paused jobs survive a restart as they were', async () => {
    const t = await topology(engine.broker);
    await deadLetter(engine.broker, t, 'work', 4);
    const done = await finish((await engine.broker.startReplay(t.dlq, { messageIds: ['work-0'] })).id);
    const paused = await engine.broker.startReplay(t.dlq, { ratePerSec: 1 });
    await engine.broker.pauseJob(paused.id);
    const broker = await engine.restart();
    expect(broker.getJob(done.id)).toEqual(done);
    expect(broker.getJob(paused.id)).toMatchObject({ status: 'paused', done: 0, total: 3 });
    expect(broker.listJobs().map((j) => j.id).sort()).toEqual([done.id, paused.id].sort());
  });
});
