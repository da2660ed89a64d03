/**
 * @module For the stores' dead-letter tally tests: a seeded random source, every shape of message properties the
 * engine's deathKey tells apart, and the engine's counters as a restart rebuilds them from a store's recovery.
 */
import { DeadLetterTally } from '../engine/queue/dead-letter-tally';
import type { RecoveredState } from '../engine/store';
import type { MessageProperties } from '../engine/types';

/** `below(n)`: the next of a repeatable sequence of integers in [0, n). */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 4294967296) * n);
  };
}

/** Every shape the engine's deathKey tells apart, forged ones included. */
export const DEATH_SHAPES: readonly MessageProperties[] = [
  {},
  { headers: { other: 'x-death' } },
  { headers: { 'x-death': [{ reason: 'rejected', queue: 'source-a', exchange: 'ex', count: 1 }] } as never },
  { headers: { 'x-death': [{ reason: 'expired', queue: 'source-b', count: 2 }, { reason: 'rejected', queue: 'older' }] } as never },
  { headers: { 'x-death': [{ reason: 'maxlen', queue: '__proto__', exchange: '' }] } as never },
  { headers: { 'x-death': [{ queue: 'no-reason', exchange: 'forged' }] } as never },
  { headers: { 'x-death': [{ reason: 7, exchange: '' }] } as never },
  { headers: { 'x-death': [1, 'two'] } as never },
  { headers: { 'x-death': [['nested']] } as never },
  { headers: { 'x-death': 'not a list' } },
  { headers: { 'x-death': [] } as never },
  { headers: { 'x-death': [{ reason: 'rejected', queue: 'ünï "quoted" \\ \u0001 ☃' }] } as never },
];

/** The tally the engine starts one queue with after a restart, from what the store recovered. */
export function tallyAfterRecovery(state: RecoveredState, queue: string): DeadLetterTally {
  const tally = new DeadLetterTally();
  for (const count of state.readyCounts) if (count.queue === queue) tally.addStoredReady(count.count);
  for (const row of state.deadLetterCounts) if (row.queue === queue) tally.addStoredDeaths(row.deathKey, row.count);
  return tally;
}
