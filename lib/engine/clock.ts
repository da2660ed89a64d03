/** @module Injected time, so TTL, leases and rate windows are tested without sleeping. */

export interface Clock {
  now(): number;
}

/**
 * `Date.now` as Node has it. Next.js swaps the global `Date` for a wrapper that consults an AsyncLocalStorage on every
 * call (it tracks clock reads during prerendering); the engine and the AMQP listener read the clock several times per
 * message, so server.ts loads this module before Next to keep the original. Loaded later, it is only slower.
 */
export const wallClockNow: () => number = Date.now;

export const systemClock: Clock = { now: wallClockNow };

/** A clock that only moves when told to; for tests. */
export class FakeClock implements Clock {
  constructor(private current = 1_700_000_000_000) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
