/** @module The login throttle's counting, on a fake clock, and how peers map to the addresses it counts. */
import { describe, expect, it } from 'vitest';
import { addressOf, LoginThrottle } from './login-throttle';

function throttle(options: ConstructorParameters<typeof LoginThrottle>[1] = {}) {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new LoginThrottle(() => clock.now, { freeFailuresPerUser: 2, freeFailuresPerAddress: 50, baseDelayMs: 1000, ...options }) };
}

describe('LoginThrottle', () => {
  it('waits only past the free failures, doubling up to the longest wait', () => {
    const { throttle: t } = throttle({ maxDelayMs: 5000 });
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      t.failed('ann', '10.0.0.1');
      waits.push(t.retryAfterMs('ann', '10.0.0.1'));
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 5000, 5000]);
  });

  it('the wait runs down with the clock', () => {
    const { clock, throttle: t } = throttle();
    for (let i = 0; i < 3; i++) t.failed('ann', '10.0.0.1');
    clock.now += 400;
    expect(t.retryAfterMs('ann', '10.0.0.1')).toBe(600);
    clock.now += 600;
    expect(t.retryAfterMs('ann', '10.0.0.1')).toBe(0);
  });

  it('forgets a counter after a quiet spell, so the free failures come back', () => {
    const { clock, throttle: t } = throttle({ forgetAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) t.failed('ann', '10.0.0.1');
    clock.now += 60_001;
    t.failed('ann', '10.0.0.1');
    expect(t.retryAfterMs('ann', '10.0.0.1')).toBe(0);
  });

  it('keeps a counter that is still blocking even past the quiet spell', () => {
    const { clock, throttle: t } = throttle({ forgetAfterMs: 1000, maxDelayMs: 60_000 });
    for (let i = 0; i < 9; i++) t.failed('ann', '10.0.0.1');
    clock.now += 2000;
    expect(t.retryAfterMs('ann', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('a success clears the pair but not the address count', () => {
    const { throttle: t } = throttle({ freeFailuresPerAddress: 3 });
    t.failed('ann', '10.0.0.1');
    t.failed('bob', '10.0.0.1');
    t.failed('ann', '10.0.0.1');
    t.succeeded('ann', '10.0.0.1');
    t.failed('carl', '10.0.0.1');
    expect(t.retryAfterMs('dora', '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs(undefined, '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs('dora', '10.0.0.2')).toBe(0);
  });

  it('without a user (a bearer key) counts the address only', () => {
    const { throttle: t } = throttle({ freeFailuresPerAddress: 2 });
    for (let i = 0; i < 3; i++) t.failed(undefined, '10.0.0.1');
    expect(t.retryAfterMs(undefined, '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs('ann', '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs('ann', '10.0.0.2')).toBe(0);
  });

  it('keeps at most maxEntries counters, dropping the oldest', () => {
    const { throttle: t } = throttle({ freeFailuresPerUser: 0, freeFailuresPerAddress: 0, maxEntries: 4 });
    t.failed('old', '10.0.0.1');
    t.failed('new', '10.0.0.2');
    t.failed('newer', '10.0.0.3');
    expect(t.retryAfterMs('old', '10.0.0.1')).toBe(0);
    expect(t.retryAfterMs('newer', '10.0.0.3')).toBe(1000);
  });
});

describe('addressOf', () => {
  it.each([
    ['127.0.0.1:53122', '127.0.0.1'],
    ['[::1]:5672', '::1'],
    ['::1:5672', '::1'],
    ['::ffff:10.0.0.5:50000', '::ffff:10.0.0.5'],
    ['2001:db8::7:443', '2001:db8::7'],
    ['localhost:80', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['fe80::1', 'fe80::1'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (peer, address) => {
    expect(addressOf(peer)).toBe(address);
  });
});
