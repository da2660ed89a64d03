/**
 * @module Brakes on password guessing: failures are counted per (user, address) and per address, never per user alone,
 * so an attacker elsewhere cannot lock a user out. Past a few free failures each further one doubles the wait.
 */
import { isIP } from 'node:net';

export interface ThrottleOptions {
  /** Failures of one user from one address before waits begin (default 5). */
  freeFailuresPerUser?: number;
  /** Failures from one address, any users and keys, before waits begin (default 100). */
  freeFailuresPerAddress?: number;
  /** First wait; doubles with each failure after that (default 1 s). */
  baseDelayMs?: number;
  /** Longest wait (default 5 min). */
  maxDelayMs?: number;
  /** A counter with no failure for this long starts over (default 15 min). */
  forgetAfterMs?: number;
  /** Most counters kept; the oldest go first (default 100,000). */
  maxEntries?: number;
}

interface Counter {
  failures: number;
  blockedUntil: number;
  lastFailureAt: number;
}

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly options: Required<ThrottleOptions>;

  constructor(
    private readonly now: () => number,
    options: ThrottleOptions = {},
  ) {
    this.options = {
      freeFailuresPerUser: options.freeFailuresPerUser ?? 5,
      freeFailuresPerAddress: options.freeFailuresPerAddress ?? 100,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 5 * 60_000,
      forgetAfterMs: options.forgetAfterMs ?? 15 * 60_000,
      maxEntries: options.maxEntries ?? 100_000,
    };
  }

  /**
   * Milliseconds until a login of `user` from `address` may be tried; 0 when it may be tried now. Without a user
   * (a bearer key, which names none) only the address counts.
   */
  retryAfterMs(user: string | undefined, address: string): number {
    const now = this.now();
    const wait = (key: string) => Math.max(0, (this.live(key, now)?.blockedUntil ?? 0) - now);
    return Math.max(user === undefined ? 0 : wait(pairKey(user, address)), wait(addressKey(address)));
  }

  failed(user: string | undefined, address: string): void {
    if (user !== undefined) this.count(pairKey(user, address), this.options.freeFailuresPerUser);
    this.count(addressKey(address), this.options.freeFailuresPerAddress);
  }

  /** A success from this address clears that user's failures there (not the address's count of other users). */
  succeeded(user: string, address: string): void {
    this.counters.delete(pairKey(user, address));
  }

  private count(key: string, free: number): void {
    const now = this.now();
    const counter = this.live(key, now) ?? { failures: 0, blockedUntil: 0, lastFailureAt: now };
    counter.failures++;
    counter.lastFailureAt = now;
    const over = counter.failures - free;
    if (over > 0) counter.blockedUntil = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over - 1, 30));
    this.counters.delete(key);
    if (this.counters.size >= this.options.maxEntries) this.counters.delete(this.counters.keys().next().value!);
    this.counters.set(key, counter);
  }

  private live(key: string, now: number): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && now - counter.lastFailureAt > this.options.forgetAfterMs && now >= counter.blockedUntil) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }
}

const pairKey = (user: string, address: string) => `u\u0000${user}\u0000${address}`;
const addressKey = (address: string) => `a\u0000${address}`;

/**
 * The address part of "host:port", "[::1]:port" or "::1:port" (throttling is per address, not per source port). The
 * doors write an IPv6 peer unbracketed (`${remoteAddress}:${remotePort}`), so a trailing port is dropped whenever what
 * precedes it is an IP address: otherwise each new connection would be counted as a new address.
 */
export function addressOf(peer: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(peer);
  if (bracketed) return bracketed[1];
  const withPort = /^(.+):\d+$/.exec(peer);
  if (withPort && (!withPort[1].includes(':') || isIP(withPort[1]) === 6)) return withPort[1];
  return peer;
}
