/**
 * Persistence is the unit under test here and the Store its collaborator, so a recording fake store stands in
 * for the real one: it keeps what each commit carried and applies it in the Store's order (topology, then
 * inserts, deliveries, deletes), so tests can check both the batches and what would end up stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../tests/support/engine-fixture';
import { EngineError } from './errors';
import { Persistence } from './persistence';
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
    return { exchanges: [], queues: [], bindings: [], readyCounts: [], maxSeq: 0 };
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
    this.apply(snapshot);
    this.committed.push(snapshot);
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
  const persistence = new Persistence(store, (run) => setImmediate(run), (age) => void agers.push(age));
  /** Ends one deferral period of delivery counts, as the real timer would. */
  const agePeriod = () => agers.splice(0).forEach((age) => age());
  return { store, persistence, agePeriod };
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
  it('rejects the waiters with unavailable, goes unwritable, retries the batch and lands it later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.failures = 1;
    const m = message();
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('x') });
    persistence.insert(m);

    const error = await persistence.committed().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('unavailable');
    expect(persistence.writable).toBe(false);
    expect(store.messages.size).toBe(0);

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(store.attempts).toHaveLength(2);
    expect(store.attempts[1]).toEqual(store.attempts[0]);
    expect(persistence.writable).toBe(true);
    expect([...store.messages.keys()]).toEqual([m.seq]);
    expect(store.topologyLog).toEqual([{ op: 'putExchange', exchange: exchange('x') }]);
  });

  it('keeps failing and retrying until the store accepts the batch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.failures = 3;
    const m = message();
    persistence.insert(m);
    await persistence.committed().catch(() => undefined);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      await settle();
    }
    expect(store.attempts).toHaveLength(4);
    expect(persistence.writable).toBe(true);
    expect([...store.messages.keys()]).toEqual([m.seq]);
  });

  it('merges a failed batch with what was written since, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.failures = 1;
    const [a, b, c] = [message(), message(), message()];
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('one') });
    persistence.topologyWrite({ op: 'deleteExchange', name: 'one' });
    persistence.insert(a);
    persistence.insert(b);
    await persistence.committed().catch(() => undefined);

    // Written during the outage: more topology, a delivery and a removal of messages of the failed batch.
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('one') });
    persistence.topologyWrite({ op: 'putExchange', exchange: exchange('two') });
    a.deliveryCount = 1;
    persistence.delivered(a);
    persistence.remove(b.seq);
    persistence.insert(c);

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(persistence.writable).toBe(true);
    expect(store.topologyLog.map((op) => `${op.op}:${'exchange' in op ? op.exchange.name : 'name' in op ? op.name : ''}`)).toEqual([
      'putExchange:one',
      'deleteExchange:one',
      'putExchange:one',
      'putExchange:two',
    ]);
    expect([...store.messages]).toEqual([
      [a.seq, { queue: 'q', deliveryCount: 1 }],
      [c.seq, { queue: 'q', deliveryCount: 0 }],
    ]);
  });

  it('a removal made while the failing batch was in flight cancels its insert', async () => {
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

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect([...store.messages.keys()]).toEqual([kept.seq]);
    expect(store.committed.flatMap((b) => b.deletes)).toEqual([]);
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

  it('a purge while a failing commit is in flight does not bring its messages back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, persistence } = setup();
    store.hold();
    store.failures = 1;
    const [purged, survivor, other] = [message('q'), message('q'), message('other')];
    persistence.insert(purged);
    persistence.insert(survivor);
    persistence.insert(other);
    await settle();
    expect(store.attempts).toHaveLength(1);

    // The queue is purged (keeping `survivor`, out on a lease) while the batch with its inserts is in flight.
    persistence.forgetQueueMessages('q', new Set([survivor.seq]));
    persistence.topologyWrite({ op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [survivor.seq] });
    store.release();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(persistence.writable).toBe(true);
    expect([...store.messages.keys()].sort()).toEqual([survivor.seq, other.seq].sort());
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
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(persistence.writable).toBe(true);
    expect(store.messages.size).toBe(0);
  });
});
