/**
 * @module Samples every attached cluster's nodes through its management API every 5 seconds. The console reads the
 * last sample, never the cluster itself, so a cluster that is slow or gone cannot make a page wait: it is shown as
 * unreachable, with the last known figures and when they were seen.
 */
import { EngineError } from '../engine/errors';
import type { ClusterClients } from './cluster-clients';
import type { ClusterRegistry } from './cluster-registry';
import type { ClusterNode } from './management-client';

export type ClusterState = 'reachable' | 'unreachable' | 'unknown';

export interface ClusterStatus {
  state: ClusterState;
  /** When the last sample finished (epoch ms). */
  checkedAt: number | null;
  lastReachableAt: number | null;
  /** Why the last sample failed. */
  message: string | null;
  /** The management URL that answered last. */
  managementUrl: string | null;
}

export interface NodesSample {
  at: number;
  nodes: ClusterNode[];
}

export interface MonitorOptions {
  registry: ClusterRegistry;
  clients: ClusterClients;
  /** Default 5000 ms. */
  intervalMs?: number;
  /** How long node samples are kept in memory; default one hour. */
  historyMs?: number;
  now?: () => number;
}

interface Watch {
  status: ClusterStatus;
  history: NodesSample[];
  inFlight?: Promise<void>;
}

const UNKNOWN: ClusterStatus = { state: 'unknown', checkedAt: null, lastReachableAt: null, message: null, managementUrl: null };

export class ClusterMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly intervalMs: number;
  private readonly historyMs: number;
  private readonly now: () => number;
  private timer?: ReturnType<typeof setInterval>;
  private unsubscribe?: () => void;

  constructor(private readonly options: MonitorOptions) {
    this.intervalMs = options.intervalMs ?? 5000;
    this.historyMs = options.historyMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get sampleIntervalMs(): number {
    return this.intervalMs;
  }

  start(): this {
    // A changed cluster is sampled again at once (its URLs or credentials may be new); a detached one is forgotten.
    this.unsubscribe = this.options.registry.onChange((id) => {
      const exists = this.options.registry.list().some((record) => record.id === id);
      if (!exists) this.watches.delete(id);
      else void this.sample(id);
    });
    this.timer = setInterval(() => this.sampleAll(), this.intervalMs);
    this.timer.unref?.();
    this.sampleAll();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  status(id: string): ClusterStatus {
    return this.watches.get(id)?.status ?? UNKNOWN;
  }

  /** The last sample of the nodes; before the first one, waits for it (bounded by the client's timeouts). */
  async nodes(id: string): Promise<NodesSample> {
    this.options.registry.get(id);
    let watch = this.watches.get(id);
    if (!watch?.history.length) await (watch?.inFlight ?? this.sample(id));
    watch = this.watches.get(id);
    const last = watch?.history.at(-1);
    if (!last) {
      throw new EngineError('unavailable', `Cluster ${id} has not answered yet: ${watch?.status.message ?? 'no sample'}`, { cluster: id, state: watch?.status.state ?? 'unknown' });
    }
    return last;
  }

  history(id: string, sinceMs = 0): NodesSample[] {
    this.options.registry.get(id);
    return (this.watches.get(id)?.history ?? []).filter((sample) => sample.at >= sinceMs);
  }

  private sampleAll(): void {
    for (const record of this.options.registry.list()) void this.sample(record.id);
  }

  /** One sample of one cluster; a sample still running is not doubled. */
  private sample(id: string): Promise<void> {
    const watch = this.watches.get(id) ?? { status: UNKNOWN, history: [] };
    this.watches.set(id, watch);
    if (watch.inFlight) return watch.inFlight;
    watch.inFlight = this.read(id, watch).finally(() => {
      watch.inFlight = undefined;
    });
    return watch.inFlight;
  }

  private async read(id: string, watch: Watch): Promise<void> {
    try {
      const client = this.options.clients.management(id);
      const nodes = await client.nodes();
      const at = this.now();
      watch.status = { state: 'reachable', checkedAt: at, lastReachableAt: at, message: null, managementUrl: client.currentUrl };
      watch.history.push({ at, nodes });
      const cutoff = at - this.historyMs;
      while (watch.history.length > 0 && watch.history[0].at < cutoff) watch.history.shift();
    } catch (error) {
      watch.status = {
        ...watch.status,
        state: 'unreachable',
        checkedAt: this.now(),
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
