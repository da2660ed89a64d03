/**
 * The live event stream on the real server: a stream gets what its page shows (named queues, or the overview
 * with rankings), the whole scope at connect and then only what changed; the overview's history endpoint.
 * Nothing is proven absent by waiting: a later event (a marker) closes the span in which it must not appear.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../lib/amqp/test-support/amqp-fixture';
import { openEventStream, type SseEvent } from './event-stream';
import { api, declareQueue, enc, errorCode, send, unique } from './http';

const queueEvents = (events: SseEvent[]) => events.filter((e) => e.event === 'queues').map((e) => e.data as { name: string; messagesReady: number }[]);
/** Index of the first `queues` event carrying `name` with `ready` messages, or -1. */
const carrying = (events: SseEvent[], name: string, ready: number) =>
  events.findIndex((e) => e.event === 'queues' && (e.data as { name: string; messagesReady: number }[]).some((q) => q.name === name && q.messagesReady === ready));

/** Waits until a queue whose one message is waiting stops moving by itself: its publish left the 5 s rate window. */
async function still(queue: string) {
  await eventually(async () => {
    const stats = (await api('GET', `/queues/${enc(queue)}`)).body;
    return stats.oldestReadyAgeMs > 6500 && stats.rates.publish === 0;
  }, 15_000);
}

describe('the event stream, scoped', () => {
  it("sends a stream that names queue B only B's figures, never A's", async () => {
    const a = unique('live-a');
    const b = unique('live-b');
    await declareQueue(a);
    await declareQueue(b);
    const stream = await openEventStream(`/events?queues=${enc(enc(b))}`);
    const first = await stream.until((events) => events.some((e) => e.event === 'queues'));
    expect(queueEvents(first)[0]!.map((q) => q.name)).toEqual([b]);

    await send(a, 'not for this page');
    await send(b, 'marker');
    const events = await stream.until((all) => carrying(all, b, 1) >= 0, 5000);
    stream.close();
    const upTo = events.slice(0, carrying(events, b, 1) + 1);
    expect(carrying(events, b, 1)).toBeGreaterThan(0);
    expect(queueEvents(upTo).flat().map((q) => q.name)).not.toContain(a);
  });

  it('sends the whole scope at connect, then only the queues whose figures changed', async () => {
    const waiting = unique('live-waiting');
    const busy = unique('live-busy');
    await declareQueue(waiting);
    await declareQueue(busy);
    await send(waiting, 'grows older');
    await still(waiting);
    const stream = await openEventStream(`/events?queues=${[waiting, busy].map(enc).join(',')}`);
    const first = await stream.until((events) => events.some((e) => e.event === 'queues'));
    expect(queueEvents(first)[0]!.map((q) => q.name).sort()).toEqual([waiting, busy].sort());
    const snapshotAt = first.findIndex((e) => e.event === 'queues');

    // Let a few frames pass (the waiting message grows older in each), then change the other queue.
    await stream.until((events) => events.filter((e) => e.event === 'overview').length >= 3, 5000);
    await send(busy, 'a change');
    const events = await stream.until((all) => carrying(all, busy, 1) >= 0, 5000);
    stream.close();
    const changedAt = carrying(events, busy, 1);
    expect(changedAt).toBeGreaterThan(snapshotAt);
    const between = events.slice(snapshotAt + 1, changedAt + 1);
    expect(between.filter((e) => e.event === 'overview').length).toBeGreaterThanOrEqual(3);
    expect(queueEvents(between).flat().map((q) => q.name)).not.toContain(waiting);
  });

  it('tells a stream that a queue it shows was deleted', async () => {
    const doomed = unique('live-doomed');
    await declareQueue(doomed);
    const stream = await openEventStream(`/events?queues=${enc(doomed)}`);
    await stream.until((events) => events.some((e) => e.event === 'queues'));
    expect((await api('DELETE', `/queues/${enc(doomed)}`)).status).toBe(204);
    const events = await stream.until((all) => all.some((e) => e.event === 'queues-removed'), 5000);
    stream.close();
    expect(events.find((e) => e.event === 'queues-removed')?.data).toEqual([doomed]);
  });

  it('sends the overview scope totals and rankings once a second, and no per-queue figures', async () => {
    const deep = unique('live-deep');
    await declareQueue(deep);
    await send(deep, 'one');
    const stream = await openEventStream('/events?scope=overview');
    const events = await stream.until((all) => all.filter((e) => e.event === 'overview').length >= 2, 5000);
    stream.close();
    const secondOverview = events.findLastIndex((e) => e.event === 'overview');
    expect(events.slice(0, secondOverview).map((e) => e.event)).toEqual(['overview', 'rankings']);
    const rankings = events.find((e) => e.event === 'rankings')!.data;
    expect(rankings).toEqual({ biggestBacklog: expect.any(Array), oldestMessages: expect.any(Array) });
    const backlog = rankings.biggestBacklog.map((q: { messagesReady: number }) => q.messagesReady);
    expect(backlog.length).toBeGreaterThan(0);
    expect(backlog).toEqual([...backlog].sort((x, y) => y - x));
  });

  it('refuses an unknown scope and too many names with a 400', async () => {
    expect(errorCode(await api('GET', '/events?scope=everything'))).toBe('bad_request');
    const many = Array.from({ length: 1001 }, (_, i) => `q${i}`).join(',');
    expect(errorCode(await api('GET', `/events?queues=${many}`))).toBe('bad_request');
  });
});

describe('the overview history', () => {
  it('answers the last 15 minutes of totals, second by second, with recent publishes in it', async () => {
    const queue = unique('live-history');
    await declareQueue(queue);
    for (let i = 0; i < 5; i++) await send(queue, `m${i}`);
    const history = await eventually(async () => {
      const answer = await api('GET', '/overview/metrics');
      expect(answer.status).toBe(200);
      return answer.body.publish.slice(-5).some((rate: number) => rate > 0) ? answer.body : undefined;
    }, 10_000);
    expect(history.stepMs).toBe(1000);
    expect(history.t).toHaveLength(895);
    for (const series of [history.publish, history.deliver, history.ack, history.depth]) expect(series).toHaveLength(895);
    expect(history.t.at(-1) - history.t[0]).toBe(894_000);
    expect(history.depth.at(-1)).toBeGreaterThanOrEqual(5);

    const minute = await api('GET', '/overview/metrics?windowMs=60000');
    expect(minute.body.t).toHaveLength(60);
    expect(errorCode(await api('GET', '/overview/metrics?windowMs=900001'))).toBe('bad_request');
  });
});
