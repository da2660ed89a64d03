/** Persistence with a recording fake store (see persistence.fixtures.ts): what goes into each commit, and when. */
import { describe, expect, it } from 'vitest';
import { settle } from '../../tests/support/engine-fixture';
import { exchange, isEmpty, message, setup, watch } from './persistence.fixtures';

describe('Persistence group commit', () => {
  it('commits the writes of one turn in one batch', async () => {
    const { store, persistence } = setup();
    const [a, b] = [message(), message()];
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('x') });
    persistence.insert(a);
    persistence.insert(b);
    await Promise.all([persistence.committed(), persistence.committed()]);
    expect(store.attempts).toHaveLength(1);
    expect(store.committed[0]).toMatchObject({ topology: [{ op: 'putExchange' }], inserts: [{ seq: a.seq }, { seq: b.seq }] });
    expect([...store.messages.keys()]).toEqual([a.seq, b.seq]);
  });

  it('committed() with nothing written resolves without a commit', async () => {
    const { store, persistence } = setup();
    await persistence.committed();
    expect(store.attempts).toEqual([]);
  });

  it('a message inserted and removed in one turn is never written', async () => {
    const { store, persistence } = setup();
    const gone = message();
    const kept = message();
    persistence.insert(gone);
    persistence.insert(kept);
    gone.deliveryCount = 1;
    persistence.delivered(gone);
    persistence.remove(gone.seq);
    await persistence.committed();
    await settle();
    const written = store.attempts.flatMap((b) => [...b.inserts.map((m) => m.seq), ...b.deliveries.map((d) => d.seq), ...b.deletes]);
    expect(written).toEqual([kept.seq]);
    expect([...store.messages.keys()]).toEqual([kept.seq]);
  });

  it('insert and remove of the only write in a turn leaves every commit empty', async () => {
    const { store, persistence } = setup();
    const m = message();
    persistence.insert(m);
    persistence.remove(m.seq);
    await persistence.committed();
    await settle();
    expect(store.attempts.every(isEmpty)).toBe(true);
    expect(store.messages.size).toBe(0);
  });

  it('the delivery count of a pending insert rides on the insert', async () => {
    const { store, persistence } = setup();
    const m = message();
    persistence.insert(m);
    m.deliveryCount = 1;
    persistence.delivered(m);
    await persistence.committed();
    expect(store.committed).toHaveLength(1);
    expect(store.committed[0].inserts).toEqual([{ seq: m.seq, queue: 'q', deliveryCount: 1 }]);
    expect(store.committed[0].deliveries).toEqual([]);
  });

  it('deliveries of a stored message coalesce to the latest count, wait a whole period, and a removal cancels them', async () => {
    const { store, persistence, agePeriod } = setup();
    const [m, n] = [message(), message()];
    persistence.insert(m);
    persistence.insert(n);
    await persistence.committed();

    for (const target of [m, n]) {
      target.deliveryCount = 1;
      persistence.delivered(target);
      target.deliveryCount = 2;
      persistence.delivered(target);
    }
    persistence.remove(n.seq);
    await persistence.committed();
    expect(store.committed[1]).toMatchObject({ inserts: [], deliveries: [], deletes: [n.seq] });

    agePeriod(); // m is now one period old: still waiting
    await persistence.committed();
    expect(store.messages.get(m.seq)?.deliveryCount).toBe(0);
    agePeriod(); // a whole period has passed since m was delivered: written
    await persistence.committed();
    expect(store.committed.at(-1)).toMatchObject({ inserts: [], deliveries: [{ seq: m.seq, deliveryCount: 2 }], deletes: [] });
    expect(store.messages.get(m.seq)?.deliveryCount).toBe(2);
    expect(store.messages.has(n.seq)).toBe(false);
  });

  it('a delivery settled within its deferral never reaches the store; flushAll writes the ones still waiting', async () => {
    const { store, persistence, agePeriod } = setup();
    const [acked, open] = [message(), message()];
    persistence.insert(acked);
    persistence.insert(open);
    await persistence.committed();
    for (const target of [acked, open]) {
      target.deliveryCount = 1;
      persistence.delivered(target);
    }
    agePeriod();
    persistence.remove(acked.seq);
    await persistence.committed();
    expect(store.committed.flatMap((batch) => batch.deliveries)).toEqual([]);
    await persistence.flushAll();
    expect(store.committed.flatMap((batch) => batch.deliveries)).toEqual([{ seq: open.seq, deliveryCount: 1 }]);
  });

  it('runs one commit at a time; writes during a commit go in the next batch', async () => {
    const { store, persistence } = setup();
    store.hold();
    const [a, b] = [message(), message()];
    persistence.insert(a);
    const first = watch(persistence.committed());
    await settle();
    expect(store.attempts).toHaveLength(1);

    persistence.insert(b);
    const second = watch(persistence.committed());
    await settle();
    expect(store.attempts).toHaveLength(1);
    expect(first.settled).toBe(false);

    store.release();
    await settle();
    expect(first).toEqual({ settled: true, error: undefined });
    expect(second).toEqual({ settled: true, error: undefined });
    expect(store.committed.map((batch) => batch.inserts.map((m) => m.seq))).toEqual([[a.seq], [b.seq]]);
  });

  it('a waiter that arrives during a commit waits for the commit after it', async () => {
    const { store, persistence } = setup();
    store.hold();
    persistence.insert(message());
    const first = watch(persistence.committed());
    await settle();
    // Nothing new is pending, but a write of this caller may be in the batch in flight.
    const late = watch(persistence.committed());
    await settle();
    expect(late.settled).toBe(false);
    store.release();
    await settle();
    expect(first.settled && late.settled).toBe(true);
  });

  it('flush() waits for the commit in flight and commits what is pending', async () => {
    const { store, persistence } = setup();
    store.hold();
    const [a, b] = [message(), message()];
    persistence.insert(a);
    await settle();
    persistence.insert(b);
    const flushed = watch(persistence.flush());
    await settle();
    expect(flushed.settled).toBe(false);
    store.release();
    await settle();
    expect(flushed.settled).toBe(true);
    expect([...store.messages.keys()].sort()).toEqual([a.seq, b.seq].sort());
  });
});
