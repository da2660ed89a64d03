/**
 * Dead-letter replay as a tracked job over HTTP, the same on the embedded broker and on an attached RabbitMQ cluster:
 * the dry run's count, a filtered replay back to the source, one to a named queue, pause, resume and cancel. On the
 * cluster the job takes each message with a manual ack, publishes it with a confirm and acks it after.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendTargets } from './backend-targets';
import { api, enc, errorCode, unique } from './http';

const targets = backendTargets('replay-contract');

describe.each(targets)('dead-letter replay on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const queues: string[] = [];

  beforeAll(async () => target.setUp?.(), 60_000);
  afterAll(async () => {
    for (const name of queues) await api('DELETE', path(`/queues/${enc(name)}`));
    await target.tearDown?.();
  });

  async function declared(label: string, body: Record<string, unknown> = {}): Promise<string> {
    const name = unique(`replay-${label}`);
    queues.push(name);
    const answer = await api('PUT', path(`/queues/${enc(name)}`), { body });
    expect(answer.status, answer.text).toBe(201);
    return name;
  }

  /** A work queue whose expired messages die into a dead-letter queue of its own, as RabbitMQ does it. */
  async function deadLettered(messages: { id: string; kind: string }[]): Promise<{ work: string; dlq: string }> {
    const dlq = await declared('dlq');
    const work = await declared('work', { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dlq } });
    for (const { id, kind } of messages) {
      const sent = await api('POST', path(`/queues/${enc(work)}/messages`), { body: { payload: `body of ${id}`, properties: { messageId: id, expirationMs: 1, headers: { kind } } } });
      expect(sent.status, sent.text).toBe(200);
    }
    await vi.waitFor(async () => expect(await idsIn(dlq)).toEqual(messages.map(({ id }) => id)), { timeout: 20_000, interval: 250 });
    return { work, dlq };
  }

  async function idsIn(queue: string): Promise<string[]> {
    const page = await api('GET', path(`/queues/${enc(queue)}/messages?limit=100${target.browse}`));
    expect(page.status, page.text).toBe(200);
    return page.body.items.map((message: { messageId: string }) => message.messageId);
  }

  async function finished(jobId: string) {
    let job: Record<string, unknown> = {};
    await vi.waitFor(
      async () => {
        const answer = await api('GET', path(`/jobs/${enc(jobId)}`));
        expect(answer.status, answer.text).toBe(200);
        job = answer.body;
        expect(job.status).not.toBe('running');
      },
      { timeout: 30_000, interval: 200 },
    );
    return job;
  }

  it('counts, then moves the filtered dead letters back to their source with their history and a redrive count', async () => {
    const { work, dlq } = await deadLettered([
      { id: 'a-1', kind: 'a' },
      { id: 'b-1', kind: 'b' },
      { id: 'a-2', kind: 'a' },
    ]);
    const filter = { headers: { kind: 'a' } };
    const dry = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { dryRun: true, filter } });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toEqual({ count: 2 });

    const started = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { filter } });
    expect(started.status, started.text).toBe(202);
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'completed', queue: dlq, total: 2, done: 2, skipped: 0, failed: 0, destination: { to: 'source' } });

    expect(await idsIn(dlq)).toEqual(['b-1']);
    const back = await api('GET', path(`/queues/${enc(work)}/messages?limit=10${target.browse}`));
    expect(back.body.items.map((message: { messageId: string }) => message.messageId)).toEqual(['a-1', 'a-2']);
    const headers = back.body.items[0].properties.headers;
    expect(headers).toMatchObject({ kind: 'a', 'x-redrive-count': 1 });
    expect(headers['x-death'][0]).toMatchObject({ queue: work, reason: 'expired', count: 1 });

    const listed = await api('GET', path(`/jobs?queue=${enc(dlq)}`));
    expect(listed.body.map((entry: { id: string }) => entry.id)).toEqual([started.body.jobId]);
  });

  it('moves to a named queue, and refuses one that does not exist before anything moves', async () => {
    const { dlq } = await deadLettered([{ id: 'n-1', kind: 'n' }]);
    const nowhere = unique('nowhere');
    const missing = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { to: { queue: nowhere } } });
    expect(missing.status, missing.text).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', details: { kind: 'queue', name: nowhere } });
    const parking = await declared('parking');
    const started = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { to: { queue: parking } } });
    expect(started.status, started.text).toBe(202);
    expect(await finished(started.body.jobId)).toMatchObject({ status: 'completed', done: 1, destination: { to: { queue: parking } } });
    expect(await idsIn(parking)).toEqual(['n-1']);
    expect(await idsIn(dlq)).toEqual([]);
  });

  it('pauses with what is left still in the dead-letter queue, resumes to the end, and will not cancel a finished job', async () => {
    const ids = ['p-1', 'p-2', 'p-3', 'p-4'];
    const { dlq } = await deadLettered(ids.map((id) => ({ id, kind: 'p' })));
    const parking = await declared('slow');
    const started = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { to: { queue: parking }, ratePerSec: 2 } });
    expect(started.status, started.text).toBe(202);
    const paused = await api('POST', path(`/jobs/${enc(started.body.jobId)}/pause`));
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.status).toBe('paused');
    const moved = paused.body.done as number;
    expect(moved).toBeLessThan(ids.length);
    // Nothing is held while paused: what did not move is back in the dead-letter queue, in its order.
    expect(await idsIn(dlq)).toEqual(ids.slice(moved));

    const resumed = await api('POST', path(`/jobs/${enc(started.body.jobId)}/resume`));
    expect(resumed.status, resumed.text).toBe(200);
    expect(await finished(started.body.jobId)).toMatchObject({ status: 'completed', total: 4, done: 4 });
    expect(await idsIn(parking)).toEqual(ids);

    const late = await api('DELETE', path(`/jobs/${enc(started.body.jobId)}`));
    expect(late.status, late.text).toBe(409);
    expect(errorCode(late)).toBe('precondition_failed');
  });

  it('leaves a message with nowhere to go where it is, counted failed', async () => {
    const ids = ['u-1', 'u-2', 'u-3'];
    const { dlq } = await deadLettered(ids.map((id) => ({ id, kind: 'u' })));
    const exchange = unique('replay-unbound');
    expect((await api('PUT', path(`/exchanges/${enc(exchange)}`), { body: { type: 'direct' } })).status).toBe(201);
    try {
      const started = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { to: { exchange, routingKey: 'nowhere' } } });
      expect(started.status, started.text).toBe(202);
      expect(await finished(started.body.jobId)).toMatchObject({ status: 'completed', total: 3, done: 0, failed: 3 });
      expect(await idsIn(dlq)).toEqual(ids);
    } finally {
      await api('DELETE', path(`/exchanges/${enc(exchange)}`));
    }
  });

  it('cancels a running job; what moved stays moved', async () => {
    const ids = ['c-1', 'c-2', 'c-3'];
    const { dlq } = await deadLettered(ids.map((id) => ({ id, kind: 'c' })));
    const parking = await declared('cancel');
    const started = await api('POST', path(`/queues/${enc(dlq)}/replay`), { body: { to: { queue: parking }, ratePerSec: 1 } });
    const cancelled = await api('DELETE', path(`/jobs/${enc(started.body.jobId)}`));
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', finishedAt: expect.any(Number) });
    const moved = cancelled.body.done as number;
    expect(await idsIn(parking)).toEqual(ids.slice(0, moved));
    expect(await idsIn(dlq)).toEqual(ids.slice(moved));
    expect(errorCode(await api('GET', path(`/jobs/${enc(unique('job'))}`)))).toBe('not_found');
  });
});
