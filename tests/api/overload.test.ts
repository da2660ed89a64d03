/**
 * Open-loop overload: 1,000 single publishes per second for 10 s over HTTP, new requests on schedule whatever the
 * answers. Every request is answered (200, or 503/429 with Retry-After: no resets, no time-outs) and every publish
 * answered 200 is in the queue exactly once, and no other. No timing assertions: speed is `npm run bench overload`.
 */
import { describe, expect, inject, it } from 'vitest';
import { openLoop } from '../../bench/open-loop';
import { api, declareQueue, enc, unique } from './http';

const RATE = 1_000;
const DURATION_MS = 10_000;

async function allMessageIds(queue: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await api('GET', `/queues/${enc(queue)}/messages?limit=500${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    expect(answer.status, answer.text).toBe(200);
    ids.push(...answer.body.items.map((item: { messageId: string }) => item.messageId));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return ids;
}

describe('overload', () => {
  it('answers every one of 10,000 open-loop publishes, and stores exactly those answered 200', async () => {
    const queue = unique('overload');
    await declareQueue(queue);
    const result = await openLoop({
      baseUrl: inject('baseUrl'),
      path: () => `/api/v1/queues/${enc(queue)}/messages`,
      headers: { authorization: `Bearer ${inject('token')}` },
      body: (index) => ({ payload: `message ${index}`, properties: { messageId: `m-${index}` } }),
      rate: RATE,
      durationMs: DURATION_MS,
      // Far beyond any answer the admission bounds allow: reaching it means a request was left hanging.
      timeoutMs: 60_000,
    });
    const errors: Record<string, number> = {};
    for (const outcome of result.outcomes) if (outcome.error) errors[`${outcome.detail}`] = (errors[`${outcome.detail}`] ?? 0) + 1;
    const summary = { ...result, outcomes: undefined, errors };
    expect(result.sent, JSON.stringify(summary)).toBe(RATE * (DURATION_MS / 1000));
    expect(result.resets, JSON.stringify(summary)).toBe(0);
    expect(result.timeouts, JSON.stringify(summary)).toBe(0);
    expect(result.otherErrors, JSON.stringify(summary)).toEqual({});
    expect(result.answered).toBe(result.sent);
    const unexpected = result.outcomes.filter((outcome) => ![200, 429, 503].includes(outcome.status!));
    expect(unexpected.slice(0, 5), JSON.stringify(summary)).toEqual([]);
    expect(result.refusalsWithoutRetryAfter).toBe(0);
    for (const refused of result.outcomes.filter((outcome) => outcome.status !== 200).slice(0, 50)) {
      expect(JSON.parse(refused.body!)).toEqual({ error: { code: expect.stringMatching(/^(unavailable|too_many_requests)$/), message: expect.any(String) } });
    }

    const accepted = result.outcomes.filter((outcome) => outcome.status === 200).map((outcome) => `m-${outcome.index}`);
    expect(accepted.length).toBeGreaterThan(0);
    const stored = await allMessageIds(queue);
    expect(stored.length).toBe(new Set(stored).size);
    expect(new Set(stored)).toEqual(new Set(accepted));
    await api('DELETE', `/queues/${enc(queue)}`);
  }, 180_000);
});
