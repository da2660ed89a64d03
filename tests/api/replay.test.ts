import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, receive, sleep, unique } from './http';

/** An exchange routing `work` to a queue that dead-letters into a dlq; `count` messages rejected into it. */
async function deadLetters(count: number) {
  const exchange = unique('orders');
  const work = unique('work');
  const dlx = unique('dlx');
  const dlq = unique('dlq');
  await declareExchange(exchange, 'direct');
  await declareExchange(dlx, 'fanout');
  await declareQueue(dlq);
  await bind(dlx, dlq);
  await declareQueue(work, { arguments: { deadLetterExchange: dlx } });
  await bind(exchange, work, 'work');
  for (let i = 0; i < count; i++) {
    const published = await api('POST', `/exchanges/${enc(exchange)}/publish`, {
      body: { routingKey: 'work', payload: `p-${i}`, properties: { messageId: `m-${i}`, headers: { tenant: i % 2 ? 'b' : 'a' } } },
    });
    expect(published.status).toBe(200);
  }
  const deliveries = await receive(work, { max: count });
  const nacked = await api('POST', `/queues/${enc(work)}/nack`, { body: { deliveryTags: deliveries.map((d) => d.deliveryTag), requeue: false } });
  expect(nacked.body).toEqual({ nacked: count });
  return { exchange, work, dlq };
}

async function waitFor(jobId: string, done: (job: any) => boolean) {
  for (let i = 0; i < 100; i++) {
    const job = (await api('GET', `/jobs/${enc(jobId)}`)).body;
    if (done(job)) return job;
    await sleep(50);
  }
  throw new Error(`job ${jobId} did not get there`);
}

const depth = async (queue: string) => (await api('GET', `/queues/${enc(queue)}`)).body.messagesReady as number;

describe('dead letters and replay', () => {
  it('counts dead letters by reason and source queue', async () => {
    const { work, dlq } = await deadLetters(3);
    const counts = await api('GET', `/queues/${enc(dlq)}/dead-letters`);
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({ total: 3, byReason: { rejected: 3 }, bySourceQueue: { [work]: 3 } });
    expect((await api('GET', `/queues/${enc(unique('none'))}/dead-letters`)).status).toBe(404);
  });

  it('a dry run answers 200 {count} and moves nothing; a replay answers 202 {jobId} and moves them back to their source', async () => {
    const { exchange, work, dlq } = await deadLetters(4);
    const dry = await api('POST', `/queues/${enc(dlq)}/replay`, { body: { dryRun: true, filter: { headers: { tenant: 'a' } } } });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ count: 2 });
    expect(await depth(dlq)).toBe(4);

    const started = await api('POST', `/queues/${enc(dlq)}/replay`, { body: {} });
    expect(started.status, started.text).toBe(202);
    expect(started.body).toEqual({ jobId: expect.any(String) });
    const job = await waitFor(started.body.jobId, (j) => j.status !== 'running');
    expect(job).toEqual({
      id: started.body.jobId,
      kind: 'replay',
      queue: dlq,
      status: 'completed',
      total: 4,
      done: 4,
      skipped: 0,
      failed: 0,
      startedAt: expect.any(Number),
      finishedAt: expect.any(Number),
      destination: { to: 'source', sourceExchanges: [exchange] },
    });
    expect(await depth(dlq)).toBe(0);
    const back = await receive(work, { max: 10 });
    expect(back.map((d) => d.messageId).sort()).toEqual(['m-0', 'm-1', 'm-2', 'm-3']);
    expect(back[0].properties.headers).toMatchObject({ 'x-redrive-count': 1, 'x-death': [expect.objectContaining({ queue: work, reason: 'rejected' })] });

    const listed = await api('GET', `/jobs?queue=${enc(dlq)}`);
    expect(listed.body.map((j: { id: string }) => j.id)).toEqual([started.body.jobId]);
    expect((await api('GET', '/jobs')).body.some((j: { id: string }) => j.id === started.body.jobId)).toBe(true);
  });

  it('pauses, resumes and cancels a rate-limited job; what moved stays moved', async () => {
    const { work, dlq } = await deadLetters(20);
    const { body } = await api('POST', `/queues/${enc(dlq)}/replay`, { body: { to: { queue: work }, ratePerSec: 10 } });
    const jobId = body.jobId;
    const paused = await api('POST', `/jobs/${enc(jobId)}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    const resumed = await api('POST', `/jobs/${enc(jobId)}/resume`);
    expect(resumed.body.status).toBe('running');
    await waitFor(jobId, (j) => j.done >= 2);
    const cancelled = await api('DELETE', `/jobs/${enc(jobId)}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', finishedAt: expect.any(Number) });
    const moved = cancelled.body.done;
    expect(moved).toBeLessThan(20);
    await sleep(300);
    expect((await api('GET', `/jobs/${enc(jobId)}`)).body.done).toBe(moved);
    expect(await depth(work)).toBe(moved);
    expect(await depth(dlq)).toBe(20 - moved);
    const again = await api('POST', `/jobs/${enc(jobId)}/pause`);
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('precondition_failed');
  });

  it('404 for unknown jobs and queues, 400 for bad replay bodies', async () => {
    expect((await api('GET', `/jobs/${unique('none')}`)).status).toBe(404);
    expect((await api('DELETE', `/jobs/${unique('none')}`)).status).toBe(404);
    expect((await api('POST', `/queues/${enc(unique('none'))}/replay`, { body: {} })).status).toBe(404);
    const { dlq } = await deadLetters(1);
    expect((await api('POST', `/queues/${enc(dlq)}/replay`, { body: { to: { queue: unique('none') } } })).status).toBe(404);
    for (const body of [
      { to: 'elsewhere' },
      { to: { queue: 'a', routingKey: 'b' } },
      { ratePerSec: 0 },
      { maxRedrives: -1 },
      { limit: 1.5 },
      { filter: { reason: 'bored' } },
      { filter: { olderThanMs: -5 } },
      { messageIds: [] },
      { dryRun: 'yes' },
      { surprise: true },
    ]) {
      const answer = await api('POST', `/queues/${enc(dlq)}/replay`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
    }
    expect(await depth(dlq)).toBe(1);
  });
});
