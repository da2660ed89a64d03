/**
 * @module The count from the store after a restart, against messages that come and go while its pages are being
 * read: whatever the store's reads see, the tally ends equal to the ready messages.
 */
import { describe, expect, it } from 'vitest';
import { countMessages, DeadLetterTally, TALLY_REBUILD_PAGE } from './queue/dead-letter-tally';
import type { QueuedMessage } from './types';

function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 4294967296) * n);
  };
}

const REASONS = ['rejected', 'expired', 'maxlen'];
function message(seq: number, priority: number, variant: number): QueuedMessage {
  const headers = variant === 0 ? {} : { 'x-death': [{ reason: REASONS[variant % 3], queue: `source-${variant % 2}`, count: 1 }] };
  return { seq, priority, messageId: `m${seq}`, properties: { headers } } as unknown as QueuedMessage;
}

interface PendingRead {
  priority: number;
  afterSeq: number;
  limit: number;
  resolve: (page: QueuedMessage[]) => void;
  /** Rows as the store had them when the read was asked for (the store may answer from then or from later). */
  early: QueuedMessage[];
}

/** The store holds every message not gone for good (ready or delivered), as the real one does. */
function simulate(seed: number) {
  const below = random(seed);
  const stored = new Map<number, QueuedMessage>();
  const ready = new Map<number, QueuedMessage>();
  const delivered = new Map<number, QueuedMessage>();
  const boundary = 2 * TALLY_REBUILD_PAGE + 37;
  for (let seq = 1; seq <= boundary; seq++) {
    if (below(5) === 0) continue; // gaps, as deletes before the restart leave
    const m = message(seq, below(2) * 5, below(4));
    stored.set(seq, m);
    ready.set(seq, m);
  }
  let nextSeq = boundary + 1;
  const pending: PendingRead[] = [];
  const rows = (r: Omit<PendingRead, 'resolve' | 'early'>) =>
    [...stored.values()].filter((m) => m.priority === r.priority && m.seq > r.afterSeq).sort((x, y) => x.seq - y.seq).slice(0, r.limit);
  const tally = new DeadLetterTally();
  tally.rebuildFrom(
    (priority, afterSeq, limit) =>
      new Promise((resolve) => pending.push({ priority, afterSeq, limit, resolve, early: rows({ priority, afterSeq, limit }) })),
    [5, 0],
    boundary,
  );
  const any = <T>(map: Map<number, T>) => [...map.values()][below(map.size)];
  const step = () => {
    switch (below(7)) {
      case 0: {
        const m = any(ready);
        if (!m) return;
        ready.delete(m.seq);
        delivered.set(m.seq, m);
        return tally.leave(m);
      }
      case 1: {
        const m = any(delivered);
        if (!m) return;
        delivered.delete(m.seq);
        ready.set(m.seq, m);
        return tally.enter(m);
      }
      case 2: {
        const m = any(delivered);
        if (!m) return;
        delivered.delete(m.seq); // acked: it was not ready, so the tally is not told
        stored.delete(m.seq);
        return;
      }
      case 3: {
        const m = any(ready);
        if (!m) return;
        ready.delete(m.seq);
        stored.delete(m.seq);
        tally.leave(m);
        if (below(2)) {
          // requeued at the tail under a new seq
          const copy = { ...m, seq: nextSeq++ };
          stored.set(copy.seq, copy);
          ready.set(copy.seq, copy);
          tally.enter(copy);
        }
        return;
      }
      case 4: {
        const m = message(nextSeq++, below(2) * 5, below(4));
        stored.set(m.seq, m);
        ready.set(m.seq, m);
        return tally.enter(m);
      }
      default: {
        const read = pending.shift();
        // The store answers with the rows of when it was asked, or of now.
        if (read) read.resolve(below(2) ? read.early : rows(read));
      }
    }
  };
  return { tally, ready, pending, step };
}

describe('DeadLetterTally after a restart', () => {
  it('ends equal to the ready messages, however messages come and go while the store is read', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { tally, ready, pending, step } = simulate(seed);
      const answer = tally.counts();
      for (let i = 0; i < 400; i++) {
        step();
        await Promise.resolve();
        await Promise.resolve();
      }
      while (pending.length) {
        const read = pending.shift()!;
        read.resolve(read.early);
        await new Promise((resolve) => setImmediate(resolve));
      }
      // The first answer waited for the count from the store; it is stale by now, the counters are not.
      await answer;
      expect(await tally.counts(), `seed ${seed}`).toEqual(countMessages(ready.values()));
    }
  });

  it('a purge while the store is read ends the count from the store: only what comes after counts', async () => {
    const { tally, pending } = simulate(7);
    const answer = tally.counts();
    tally.clear();
    tally.enter(message(1_000_000, 0, 1));
    for (const read of pending.splice(0)) read.resolve(read.early);
    expect(await answer).toEqual({ total: 1, byReason: { expired: 1 }, bySourceQueue: { 'source-1': 1 } });
  });

  it('a failed read is told to the one who asks, and the count resumes where it stopped', async () => {
    const tally = new DeadLetterTally();
    let fail = true;
    const reads: number[] = [];
    tally.rebuildFrom(
      async (_priority, afterSeq) => {
        reads.push(afterSeq);
        if (fail) throw new Error('disk gone');
        return afterSeq < 3 ? [message(3, 0, 1)] : [];
      },
      [0],
      3,
    );
    await expect(tally.counts()).rejects.toMatchObject({ code: 'unavailable' });
    fail = false;
    expect(await tally.counts()).toEqual({ total: 1, byReason: { expired: 1 }, bySourceQueue: { 'source-1': 1 } });
  });
});
