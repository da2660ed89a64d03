/**
 * A vhost's Overview, its charts' history and its live stream over HTTP, the same on the embedded broker and on an
 * attached RabbitMQ cluster (where the figures come from Switchboard's 5 s samples, so each check waits for the
 * figure to arrive rather than for a time).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendTargets } from './backend-targets';
import { openEventStream, type SseEvent } from './event-stream';
import { api, enc, errorCode, unique } from './http';

const targets = backendTargets('overview-contract');

interface LiveQueueJson {
  name: string;
  messagesReady: number;
  messagesUnacked: number;
  consumers: number;
  rates: { publish: number };
}

const queuesIn = (events: SseEvent[]) => events.filter((e) => e.event === 'queues').flatMap((e) => e.data as LiveQueueJson[]);

describe.each(targets)('the overview of a vhost on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const queue = unique('overview-queue');

  beforeAll(async () => {
    await target.setUp?.();
    expect((await api('PUT', path(`/queues/${enc(queue)}`), { body: {} })).status).toBe(201);
    for (const payload of ['one', 'two', 'three']) {
      const published = await api('POST', path(`/queues/${enc(queue)}/messages`), { body: { payload } });
      expect(published.status, published.text).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await api('DELETE', path(`/queues/${enc(queue)}`));
    await target.tearDown?.();
  });

  it('counts the queue and its messages in the totals', async () => {
    await vi.waitFor(
      async () => {
        const overview = await api('GET', path('/overview'));
        expect(overview.status, overview.text).toBe(200);
        expect(overview.body.queues).toBeGreaterThanOrEqual(1);
        expect(overview.body.messagesReady).toBeGreaterThanOrEqual(3);
        // The default exchange and amq.direct, fanout, topic and headers at least.
        expect(overview.body.exchanges).toBeGreaterThanOrEqual(5);
        // Each queue has its default binding.
        expect(overview.body.bindings).toBeGreaterThanOrEqual(overview.body.queues);
        expect(overview.body.exchangeTotals.published).toBeGreaterThanOrEqual(3);
      },
      { timeout: 30_000, interval: 250 },
    );
  }, 40_000);

  it("streams the queue's figures and the rankings, the queue among the biggest backlogs", async () => {
    const stream = await openEventStream(path(`/events?scope=overview&queues=${enc(enc(queue))}`));
    try {
      const events = await stream.until((all) => queuesIn(all).some((q) => q.name === queue && q.messagesReady === 3), 30_000);
      expect(queuesIn(events).find((q) => q.name === queue && q.messagesReady === 3)).toMatchObject({ messagesUnacked: 0, consumers: 0 });
      expect(events.some((e) => e.event === 'overview')).toBe(true);
      const ranked = await stream.until((all) => all.some((e) => e.event === 'rankings' && (e.data as { biggestBacklog: { name: string }[] }).biggestBacklog.length > 0), 30_000);
      const rankings = ranked.filter((e) => e.event === 'rankings').at(-1)!.data as { biggestBacklog: { name: string; messagesReady: number }[] };
      expect(rankings.biggestBacklog.every((q, i, all) => i === 0 || all[i - 1]!.messagesReady >= q.messagesReady)).toBe(true);
    } finally {
      stream.close();
    }
  }, 70_000);

  it("gives the totals' recent history as same-length series", async () => {
    await vi.waitFor(
      async () => {
        const history = await api('GET', path('/overview/metrics?windowMs=60000'));
        expect(history.status, history.text).toBe(200);
        const { stepMs, t, publish, deliver, ack, depth } = history.body;
        expect(stepMs).toBeGreaterThan(0);
        expect(t.length).toBeGreaterThan(0);
        for (const series of [publish, deliver, ack, depth]) expect(series).toHaveLength(t.length);
        expect(Math.max(...depth)).toBeGreaterThanOrEqual(3);
      },
      { timeout: 30_000, interval: 250 },
    );
  }, 40_000);

  it('answers 404 for a vhost that does not exist, the stream too', async () => {
    const missing = (rest: string) => path(rest).replace('/vhosts/%2F/', `/vhosts/${enc(unique('no-such-vhost'))}/`);
    for (const rest of ['/overview', '/overview/metrics', '/events']) expect(errorCode(await api('GET', missing(rest))), rest).toBe('not_found');
  });
});
