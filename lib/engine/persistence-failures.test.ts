/** Persistence with a recording fake store (see persistence.fixtures.ts): failed commits, recovery, and purges around them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../tests/support/engine-fixture';
import { EngineError } from './errors';
import { MAX_TOPOLOGY_ATTEMPTS, RECOVERY_FIRST_MS, RECOVERY_MAX_MS } from './persistence';
import { exchange, message, setup, watch } from './persistence.fixtures';
import type { TopologyWrite } from './store';

afterEach(() => {
  vi.useRealTimers();
});

describe('Persistence when a commit fails', () => {
  it('fails the batch: callers hear unavailable, its inserts are retracted, and nothing of it is retried as it was', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence, retracted, faults } = setup();
    const stored = message();
    persistence.insert(stored);
    await persistence.committed();
    store.failures = 1;
    const m = message();
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('x') });
    persistence.insert(m);
    persistence.remove(stored.seq);

    const error = await persistence.committed().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as EngineError).code).toBe('unavailable');
    expect(persistence.writable).toBe(false);
    expect(retracted).toEqual([m.seq]);
    expect(faults).toEqual(['disk I/O error']);
    // While failing, writes are refused at once rather than left waiting.
    expect(((await persistence.committed().catch((e: unknown) => e)) as EngineError).code).toBe('unavailable');

    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    await settle();
    expect(persistence.writable).toBe(true);
    expect(faults).toEqual(['disk I/O error', null]);
    // The acked message's deletion and the topology write were carried; the failed publish never lands.
    expect([...store.messages.keys()]).toEqual([]);
    expect(store.topologyLog).toEqual([{ op: 'putExchange', exchange: exchange('x') }]);
    expect(store.committed.flatMap((b) => b.inserts.map((i) => i.seq))).toEqual([stored.seq]);
  });

  it('waits longer between recovery attempts while the probe keeps failing, and recovers once it works', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.failures = 1;
    store.probeFailures = 2;
    persistence.insert(message());
    await persistence.committed().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    expect(store.probes).toBe(1);
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS * 2);
    expect(store.probes).toBe(2);
    expect(persistence.writable).toBe(false);
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS * 4);
    await settle();
    expect(store.probes).toBe(3);
    expect(persistence.writable).toBe(true);
  });

  it('a write that fails every commit is dropped after a bounded number of attempts; later writes land', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.poison = (batch) => batch.topology.some((op) => op.op === 'putExchange' && op.exchange.name === 'poison');
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('poison') });
    await persistence.committed().catch(() => undefined);
    for (let i = 0; i < MAX_TOPOLOGY_ATTEMPTS + 1 && !persistence.writable; i++) {
      await vi.advanceTimersByTimeAsync(RECOVERY_MAX_MS);
      await settle();
    }
    expect(persistence.writable).toBe(true);
    expect(store.attempts.filter((b) => b.topology.length > 0)).toHaveLength(MAX_TOPOLOGY_ATTEMPTS);
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('fine') });
    await persistence.committed();
    expect(store.topologyLog).toEqual([{ op: 'putExchange', exchange: exchange('fine') }]);
  });

  it('writes accepted while the failing batch was in flight fail with it, and their undos run newest first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence, retracted } = setup();
    store.hold();
    store.failures = 1;
    const undone: string[] = [];
    const [first, second] = [message(), message()];
    persistence.insert(first);
    persistence.onRollback(() => undone.push('first'));
    const firstWaiter = watch(persistence.committed());
    await settle();
    persistence.insert(second);
    persistence.onRollback(() => undone.push('second'));
    const secondWaiter = watch(persistence.committed());
    store.release();
    await settle();
    expect((firstWaiter.error as EngineError).code).toBe('unavailable');
    expect((secondWaiter.error as EngineError).code).toBe('unavailable');
    expect(undone).toEqual(['second', 'first']);
    expect(retracted.sort()).toEqual([first.seq, second.seq].sort());
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    await settle();
    expect(persistence.writable).toBe(true);
    expect(store.messages.size).toBe(0);
  });

  it('an undo can keep a stored message and drop its operation\'s topology write', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    const kept = message('q');
    persistence.insert(kept);
    await persistence.committed();
    store.failures = 1;
    // A purge: its deletion and topology write are undone when its commit fails.
    persistence.remove(kept.seq);
    const purge: TopologyWrite = { op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [] };
    persistence.topologyWrite(purge);
    persistence.onRollback(() => {
      persistence.keepStored(kept.seq);
      persistence.dropTopologyWrite(purge);
    });
    await persistence.committed().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    await settle();
    expect(persistence.writable).toBe(true);
    expect([...store.messages.keys()]).toEqual([kept.seq]);
    expect(store.topologyLog).toEqual([]);
  });

  it('a removal made while the failing batch was in flight leaves nothing behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.hold();
    store.failures = 1;
    const [gone, kept] = [message(), message()];
    persistence.insert(gone);
    persistence.insert(kept);
    const waiter = watch(persistence.committed());
    await settle();
    persistence.remove(gone.seq);
    store.release();
    await settle();
    expect((waiter.error as EngineError).code).toBe('unavailable');
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    await settle();
    expect(store.messages.size).toBe(0);
  });
});

describe('Persistence.forgetQueueMessages', () => {
  it('drops the pending inserts of a queue except the kept seqs', async () => {
    const { store, persistence } = setup();
    const [a, b, other] = [message('q'), message('q'), message('other')];
    persistence.insert(a);
    persistence.insert(b);
    persistence.insert(other);
    persistence.forgetQueueMessages('q', new Set([b.seq]));
    persistence.topologyWrite({ op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [b.seq] });
    await persistence.committed();
    expect(store.committed[0].inserts.map((m) => m.seq)).toEqual([b.seq, other.seq]);
    expect([...store.messages.keys()].sort()).toEqual([b.seq, other.seq].sort());
  });

  it('messages published after the purge in the same turn survive it', async () => {
    const { store, persistence } = setup();
    const before = message('q');
    persistence.insert(before);
    persistence.forgetQueueMessages('q', new Set());
    persistence.topologyWrite({ op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [] });
    const after = message('q');
    persistence.insert(after);
    await persistence.committed();
    expect([...store.messages.keys()]).toEqual([after.seq]);
  });

  it('a queue deleted while a failing commit is in flight does not keep its messages', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.hold();
    store.failures = 1;
    const m = message('doomed');
    persistence.insert(m);
    await settle();
    persistence.forgetQueueMessages('doomed', new Set());
    persistence.topologyWrite({ op: 'deleteQueue', name: 'doomed' });
    store.release();
    await settle();
    await vi.advanceTimersByTimeAsync(RECOVERY_FIRST_MS);
    await settle();
    expect(persistence.writable).toBe(true);
    expect(store.messages.size).toBe(0);
  });
});
