/** @module Held refusals: held for the wait (capped) on fake timers, bounded per address and in all. */
import { describe, expect, it } from 'vitest';
import { RefusalHold } from './refusal-hold';

function fakeTimers() {
  const timers: { ms: number; run: () => void }[] = [];
  return { timers, setTimer: (run: () => void, ms: number) => timers.push({ ms, run }), fireAll: () => timers.splice(0).forEach((t) => t.run()) };
}

/** Whether a promise has settled, after the microtasks now queued have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('RefusalHold', () => {
  it('holds a refusal until its timer fires, for the wait capped at maxHoldMs; no wait is no hold', async () => {
    const clock = fakeTimers();
    const hold = new RefusalHold(clock.setTimer, { maxHoldMs: 5000 });
    expect(await settled(hold.hold('10.0.0.1', 0))).toBe(true);
    const short = hold.hold('10.0.0.1', 2000);
    const long = hold.hold('10.0.0.1', 60_000);
    expect(clock.timers.map((t) => t.ms)).toEqual([2000, 5000]);
    expect(await settled(short)).toBe(false);
    expect(hold.heldFor('10.0.0.1')).toBe(2);
    clock.fireAll();
    expect(await settled(short)).toBe(true);
    expect(await settled(long)).toBe(true);
    expect(hold.heldFor('10.0.0.1')).toBe(0);
  });

  it('past the bound per address, refusals from it are answered at once; other addresses are still held', async () => {
    const clock = fakeTimers();
    const hold = new RefusalHold(clock.setTimer, { heldPerAddress: 2 });
    const held = [hold.hold('10.0.0.1', 1000), hold.hold('10.0.0.1', 1000)];
    expect(await settled(hold.hold('10.0.0.1', 1000))).toBe(true);
    expect(await settled(hold.hold('10.0.0.2', 1000))).toBe(false);
    for (const h of held) expect(await settled(h)).toBe(false);
    clock.fireAll();
    for (const h of held) expect(await settled(h)).toBe(true);
    // Freed: the address may have refusals held again.
    expect(await settled(hold.hold('10.0.0.1', 1000))).toBe(false);
  });

  it('past the bound in all, every refusal is answered at once', async () => {
    const clock = fakeTimers();
    const hold = new RefusalHold(clock.setTimer, { heldInAll: 3 });
    for (let i = 0; i < 3; i++) void hold.hold(`10.0.0.${i}`, 1000);
    expect(await settled(hold.hold('10.0.0.9', 1000))).toBe(true);
    expect(clock.timers).toHaveLength(3);
  });
});
