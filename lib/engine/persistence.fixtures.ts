/**
 * @module Shared by the persistence-*.test.ts files. Persistence is the unit under test there and the Store its
 * collaborator, so a recording fake store stands in for the real one: it keeps what each commit carried and applies
 * it in the Store's order (topology, then inserts, deliveries, deletes), so tests can check both the batches and what
 * would end up stored.
 */
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
export const message = (queue = 'q', over: Partial<QueuedMessage> = {}): QueuedMessage => {
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

export const exchange = (name: string): ExchangeInfo => ({ name, type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} });

export const isEmpty = (batch: Recorded) => batch.topology.length + batch.inserts.length + batch.deliveries.length + batch.deletes.length === 0;

export function setup() {
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
export function watch(promise: Promise<unknown>) {
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
