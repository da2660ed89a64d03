import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdmissionGate, type Admission, type AdmissionLimits } from './admission';

const limits = (overrides: Partial<AdmissionLimits> = {}): AdmissionLimits => ({
  maxInFlight: 2,
  maxQueued: 2,
  maxWaitMs: 1_000,
  retryAfterSeconds: 3,
  maxPerClient: 0,
  maxLoopDelayMs: 0,
  ...overrides,
});

const admitted = (admission: Admission | Promise<Admission>) => {
  expect(admission).not.toBeInstanceOf(Promise);
  const result = admission as Admission;
  if (!('release' in result)) throw new Error(`not admitted: ${JSON.stringify(result)}`);
  return result.release;
};

afterEach(() => vi.useRealTimers());

describe('AdmissionGate', () => {
  it('admits up to maxInFlight at once, queues up to maxQueued, and refuses the rest at once with 503 and a retry time', async () => {
    const gate = new AdmissionGate(limits());
    const first = admitted(gate.enter('a'));
    admitted(gate.enter('b'));
    const third = gate.enter('c');
    const fourth = gate.enter('d');
    expect(third).toBeInstanceOf(Promise);
    expect(gate.enter('e')).toEqual({
      admitted: false,
      refusal: { code: 'unavailable', message: expect.stringContaining('busy'), retryAfterSeconds: 3 },
    });
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 2, refused: 1 });
    first();
    first(); // a second release of the same ticket frees nothing more
    const next = await third;
    expect('release' in next).toBe(true);
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    void fourth;
  });

  it('serves waiters in arrival order', async () => {
    const gate = new AdmissionGate(limits({ maxInFlight: 1, maxQueued: 5 }));
    const release = admitted(gate.enter('x'));
    const order: string[] = [];
    const waits = ['p', 'q', 'r'].map((name) =>
      (gate.enter(name) as Promise<Admission>).then((result) => {
        order.push(name);
        if ('release' in result) result.release();
      }),
    );
    release();
    await Promise.all(waits);
    expect(order).toEqual(['p', 'q', 'r']);
    expect(gate.stats()).toMatchObject({ inFlight: 0, queued: 0, admitted: 4 });
  });

  it('drops a waiting request whose client left: it is never admitted and frees its place in the queue', async () => {
    const gate = new AdmissionGate(limits({ maxInFlight: 1, maxQueued: 1 }));
    const release = admitted(gate.enter('a'));
    const left = new AbortController();
    const waiting = gate.enter('b', left.signal);
    left.abort();
    expect(await waiting).toEqual({ admitted: false, gone: true });
    expect(gate.stats()).toMatchObject({ queued: 0, abandoned: 1 });
    const after = gate.enter('c');
    expect(after).toBeInstanceOf(Promise);
    release();
    expect('release' in (await after)).toBe(true);
    expect(gate.stats()).toMatchObject({ inFlight: 1, admitted: 2 });
  });

  it('does not admit a request whose client already left', () => {
    const gate = new AdmissionGate(limits());
    expect(gate.enter('a', AbortSignal.abort())).toEqual({ admitted: false, gone: true });
    expect(gate.stats().inFlight).toBe(0);
  });

  it('refuses a request that waited longer than maxWaitMs', async () => {
    vi.useFakeTimers();
    const gate = new AdmissionGate(limits({ maxInFlight: 1, maxWaitMs: 500 }));
    admitted(gate.enter('a'));
    const waiting = gate.enter('b');
    vi.advanceTimersByTime(500);
    expect(await waiting).toMatchObject({ admitted: false, refusal: { code: 'unavailable', retryAfterSeconds: 3 } });
    expect(gate.stats()).toMatchObject({ queued: 0, refused: 1 });
  });

  it('with maxPerClient, refuses a client over its share with 429 while another is still queued', async () => {
    const gate = new AdmissionGate(limits({ maxInFlight: 2, maxQueued: 10, maxPerClient: 2 }));
    admitted(gate.enter('hog'));
    admitted(gate.enter('hog'));
    expect(gate.enter('hog')).toMatchObject({ admitted: false, refusal: { code: 'too_many_requests', retryAfterSeconds: 3 } });
    expect(gate.enter('polite')).toBeInstanceOf(Promise);
  });

  it('refuses at once while the event loop runs further behind than maxLoopDelayMs, and admits again when it catches up', () => {
    let delay = 1_500;
    const gate = new AdmissionGate(limits({ maxLoopDelayMs: 1_000 }), () => delay);
    expect(gate.enter('a')).toMatchObject({ admitted: false, refusal: { code: 'unavailable', retryAfterSeconds: 3 } });
    delay = 10;
    admitted(gate.enter('a'));
  });
});
