/**
 * @module The brokers of a node's virtual hosts: one Broker per vhost, as RabbitMQ gives each vhost its own
 * supervisor tree and message store, all on one shared store and one message sequence.
 */
import { Broker } from './broker';
import type { BrokerOptions } from './broker-types';
import { EngineError } from './errors';
import type { MetricsHistory } from './metrics/metrics-history';
import { SeqAllocator } from './seq-allocator';
import type { SharedStore } from './store';

export interface VhostBrokersOptions {
  /** The database every vhost lives in; closed by {@link VhostBrokers.close}. */
  store: SharedStore;
  /** The vhosts to start, each recovering what it has stored. */
  vhosts: readonly string[];
  /** What every vhost's broker starts with; its store, seqs and rollups come from here. */
  brokerOptions?: Omit<BrokerOptions, 'store' | 'seqs' | 'metricsHistory'>;
  /** Where a vhost's rollups are kept, e.g. `(vhost) => db.metricsHistory(vhost)`; default in memory. */
  metricsHistoryFor?: (vhost: string) => MetricsHistory | undefined;
}

export class VhostBrokers {
  private readonly brokers = new Map<string, Broker>();
  /** The add or remove under way per vhost: the next one of the same vhost waits for it. */
  private readonly changes = new Map<string, Promise<void>>();
  private readonly seqs = new SeqAllocator();
  private closing: Promise<void> | undefined;

  private constructor(private readonly options: VhostBrokersOptions) {}

  /** Starts a broker for each vhost in turn; if one fails, closes what started (and the store) and rejects. */
  static async start(options: VhostBrokersOptions): Promise<VhostBrokers> {
    const brokers = new VhostBrokers(options);
    try {
      for (const vhost of new Set(options.vhosts)) await brokers.add(vhost);
    } catch (error) {
      await brokers.close().catch(() => undefined);
      throw error;
    }
    return brokers;
  }

  /** The broker of a vhost; `not_found` when it has none. */
  get(vhost: string): Broker {
    const broker = this.brokers.get(vhost);
    if (!broker) throw new EngineError('not_found', `vhost '${vhost}' does not exist`, { kind: 'vhost', name: vhost });
    return broker;
  }

  find(vhost: string): Broker | undefined {
    return this.brokers.get(vhost);
  }

  /** The running vhosts, sorted. */
  names(): string[] {
    return [...this.brokers.keys()].sort();
  }

  /** Every vhost with its broker, sorted by vhost. */
  all(): [vhost: string, broker: Broker][] {
    return this.names().map((vhost) => [vhost, this.brokers.get(vhost)!]);
  }

  /** False while any broker's store refuses writes (they share one, so they usually agree). */
  get writable(): boolean {
    for (const broker of this.brokers.values()) if (!broker.writable) return false;
    return true;
  }

  /**
   * Starts the broker of a vhost: what it has stored is recovered, and a new vhost gets its built-in exchanges,
   * stored before this resolves. A vhost already running is answered as it is.
   */
  add(vhost: string): Promise<Broker> {
    return this.exclusive(vhost, async () => {
      const running = this.brokers.get(vhost);
      if (running) return running;
      const { store, brokerOptions, metricsHistoryFor } = this.options;
      const metricsHistory = metricsHistoryFor?.(vhost);
      const broker = await Broker.start({
        ...brokerOptions,
        store: store.forVhost(vhost),
        seqs: this.seqs,
        ...(metricsHistory ? { metricsHistory } : {}),
      });
      this.brokers.set(vhost, broker);
      return broker;
    });
  }

  /**
   * Stops a vhost's broker and deletes everything stored for it: topology, messages, jobs and rollups.
   * `not_found` when it is not running. Callers see the vhost gone at once, before the rows are.
   */
  remove(vhost: string): Promise<void> {
    return this.exclusive(vhost, async () => {
      const broker = this.get(vhost);
      this.brokers.delete(vhost);
      try {
        await broker.close();
      } finally {
        // After the close, which writes the broker's last rollups and batch: nothing of the vhost comes back.
        await this.options.store.deleteVhost(vhost);
      }
    });
  }

  /** Closes every broker (each writes what it still holds), then the shared store once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.changes.values());
      const brokers = [...this.brokers.values()];
      this.brokers.clear();
      const closed = await Promise.allSettled(brokers.map((broker) => broker.close()));
      await this.options.store.close();
      const failed = closed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    })();
    return this.closing;
  }

  /** Runs `work` after the previous add or remove of the same vhost, so a vhost re-added never meets its old rows. */
  private exclusive<T>(vhost: string, work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new EngineError('unavailable', 'the brokers are closed'));
    const result = (this.changes.get(vhost) ?? Promise.resolve()).then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.changes.set(vhost, settled);
    void settled.then(() => {
      if (this.changes.get(vhost) === settled) this.changes.delete(vhost);
    });
    return result;
  }
}
