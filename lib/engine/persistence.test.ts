/**
 * Persistence is the unit under test here and the Store its collaborator, so a recording fake store stands in
 * for the real one: it keeps what each commit carried and applies it in the Store's order (topology, then
 * inserts, deliveries, deletes), so tests can check both the batches and what would end up stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../tests/support/engine-fixture';
import { EngineError } from './errors';
import { MAX_TOPOLOGY_ATTEMPTS, Persistence, RECOVERY_FIRST_MS, RECOVERY_MAX_MS } from './persistence';
import type { RecoveredState, Store, TopologyWrite, WriteBatch } from './store';
import type { ExchangeInfo, QueuedMessage } from './types';

interface Recorded {
  topology: TopologyWrite[];
  inserts: { seq: number; queue: string; deliveryCount: number }[];
  deliveries: { seq: number; deliveryCount: number }[];
  deletes: number[];
}

class RecordingStore implements Store {
  readonly kind = 'sqlite' as const;
  /** Every commit call, as the batch was when handed over (the real store reads it synchronously). */
  readonly attempts: Recorded[] = [];
  /** The commits that landed. */
  readonly committed: Recorded[] = [];
  /** What is stored: seq → queue and delivery count. */
  readonly messages = new Map<number, { queue: string; deliveryCount: number }>();
  readonly topologyLog: TopologyWrite[] = [];
  failures = 0;
  /** Batches this tells apart always fail (a poisoned write). */
  poison: ((batch: WriteBatch) => boolean) | undefined;
  probeFailures = 0;
  probes = 0;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  /** Holds the next commits in flight until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async recover(): Promise<RecoveredState> {
    return { exchanges: [], queues: [], bindings: [], readyCounts: [], deadLetterCounts: [], maxSeq: 0 };
  }

  async commit(batch: WriteBatch): Promise<void> {
    const snapshot: Recorded = {
      topology: structuredClone(batch.topology),
      inserts: batch.inserts.map((m) => ({ seq: m.seq, queue: m.queue, deliveryCount: m.deliveryCount })),
      deliveries: batch.deliveries.map((d) => ({ ...d })),
      deletes: [...batch.deletes],
    };
    this.attempts.push(snapshot);
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('disk I/O error');
    }
    if (this.poison?.(batch)) throw new Error('Maximum call stack size exceeded');
    this.apply(snapshot);
    this.committed.push(snapshot);
  }

  async probe(): Promise<void> {
    this.probes++;
    if (this.probeFailures > 0) {
      this.probeFailures--;
      throw new Error('database or disk is full');
    }
  }

  async loadMessages(): Promise<QueuedMessage[]> {
    return [];
  }

  async findMessages(): Promise<QueuedMessage[]> {
    return [];
  }

  async loadJobs(): Promise<never[]> {
    return [];
  }

  async close(): Promise<void> {}

  private apply(batch: Recorded): void {
    for (const op of batch.topology) {
      this.topologyLog.push(op);
      if (op.op === 'deleteQueue') this.deleteMessagesOf(op.name, []);
      if (op.op === 'deleteQueueMessages') this.deleteMessagesOf(op.queue, op.exceptSeqs);
    }
    for (const m of batch.inserts) {
      if (this.messages.has(m.seq)) throw new Error(`seq ${m.seq} inserted twice`);
      this.messages.set(m.seq, { queue: m.queue, deliveryCount: m.deliveryCount });
    }
    for (const d of batch.deliveries) {
      const stored = this.messages.get(d.seq);
      if (stored) stored.deliveryCount = d.deliveryCount;
    }
    for (const seq of batch.deletes) this.messages.delete(seq);
  }

  private deleteMessagesOf(queue: string, except: number[]): void {
    for (const [seq, m] of this.messages) if (m.queue === queue && !except.includes(seq)) this.messages.delete(seq);
  }
}

let nextSeq = 1;
const message = (queue = 'q', over: Partial<QueuedMessage> = {}): QueuedMessage => {
  const seq = nextSeq++;
  return {
    seq,
    queue,
    messageId: `m-${seq}`,
    exchange: '',
    routingKey: queue,
    routingKeys: [queue],
    payload: Buffer.from(`payload ${seq}`),
    properties: {},
    priority: 0,
    persistent: true,
    publishedAt: 1_700_000_000_000,
    expiresAt: null,
    deliveryCount: 0,
    ...over,
  };
};

const exchange = (name: string): ExchangeInfo => ({ name, type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} });

const isEmpty = (batch: Recorded) => batch.topology.length + batch.inserts.length + batch.deliveries.length + batch.deletes.length === 0;

function setup() {
  const store = new RecordingStore();
  const agers: (() => void)[] = [];
  const retracted: number[] = [];
  const faults: (string | null)[] = [];
  const persistence = new Persistence(store, (run) => setImmediate(run), (age) => void agers.push(age), {
    retract: (messages) => retracted.push(...messages.map((m) => m.seq)),
    onFault: (reason) => faults.push(reason),
  });
  /** Ends one deferral period of delivery counts, as the real timer would. */
  const agePeriod = () => agers.splice(0).forEach((age) => age());
  return { store, persistence, agePeriod, retracted, faults };
}

/** Whether a promise has settled yet, without waiting for it. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

afterEach(() => {
  vi.useRealTimers();
});

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
