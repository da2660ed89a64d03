/**
 * @module What the broker's verbs (broker.ts) stand on: its state, queues and replay jobs, recovery at start, the
 * clock tick, commits and close.
 */
import type { BrokerOptions } from './broker-types';
import { systemClock, type Clock } from './clock';
import { requireQueue, type EngineState } from './engine-state';
import { createEngineState } from './engine-wiring';
import { JobRunner } from './jobs/job-runner';
import { MetricsRegistry } from './metrics/metrics-registry';
import { QueueReads } from './metrics/queue-reads';
import { IndexedMap } from './metrics/sorted-names';
import { cursorAfter, type Queue } from './queue/queue';
import { recover } from './recovery';
import type { ResourceAlarm } from './resource-alarm';
import { replayOne } from './replay';
import type { Store } from './store';
import { TickSchedule } from './tick-schedule';

export abstract class BrokerCore {
  readonly clock: Clock;
  /** Undefined when started with `metrics: false`. */
  readonly metrics: MetricsRegistry | undefined;
  protected readonly state: EngineState;
  /** The queues by name (the same map as `state.queues`), with their names kept sorted. */
  protected readonly queues = new IndexedMap<Queue>();
  /** Cheap reads of the live queues (sorted names, one figure each, live counters) for the exporter and list views. */
  readonly queueReads: QueueReads;
  protected readonly jobs: JobRunner;
  /** The queues with time work due or changed since the last tick: all a tick visits. */
  private readonly timeWork = new TickSchedule<Queue>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** The node's resource alarms (shared by every vhost's broker); absent in tests that run without one. */
  readonly alarm: ResourceAlarm | undefined;

  protected constructor(options: BrokerOptions) {
    this.clock = options.clock ?? systemClock;
    this.alarm = options.alarm;
    this.metrics = options.metrics === false ? undefined : new MetricsRegistry(options.metricsHistory, this.clock.now(), options.metricsFlushIntervalMs);
    this.state = createEngineState(options, this.clock, this.metrics, this.queues);
    this.queueReads = new QueueReads(this.queues, this.clock);
    const { persistence, queueContext } = this.state;
    queueContext.timeWorkChanged = (queue) => this.timeWork.markChanged(queue);
    this.jobs = new JobRunner({
      clock: this.clock,
      setTimer: queueContext.setTimer,
      scan: (queue, cursor, limit, matches) => this.queue(queue).peek(cursor, limit, matches),
      cursorAfter,
      move: (queue, message, spec, headers) => replayOne(this.state, queue, message, spec, headers),
      // A snapshot: the batch commits later, and must hold the counters of this turn's moves, not of later ones.
      save: (job) => persistence.topologyWrite({ op: 'putJob', job: structuredClone(job) }),
      committed: () => persistence.committed(),
    });
  }

  /** Recovers the stored topology and messages, creates the built-in exchanges, and starts the clock work. */
  protected async open(options: BrokerOptions): Promise<void> {
    await recover(this.state, this.jobs);
    if (options.autoTick !== false) {
      this.ticker = setInterval(() => this.tick(), options.tickIntervalMs ?? 100);
      this.ticker.unref?.();
    }
  }

  get storageKind(): Store['kind'] {
    return this.state.store.kind;
  }

  /** False while the store refuses writes (AMQP: connection.blocked; HTTP: 503). */
  get writable(): boolean {
    return this.state.persistence.writable;
  }

  /** Resolves once every change made so far is stored durably; rejects with `unavailable` when the store fails. */
  committed(): Promise<void> {
    return this.state.persistence.committed();
  }

  async close(): Promise<void> {
    this.jobs.stop();
    if (this.ticker) clearInterval(this.ticker);
    await this.metrics?.close(this.clock.now());
    await this.state.persistence.flushAll();
    await this.state.store.close();
  }

  /**
   * Runs what the passing of time makes happen: leases running out, TTL, queue expiry. Only queues with such work
   * due, or changed since the last tick, are visited.
   */
  tick(): void {
    const now = this.clock.now();
    this.timeWork.run(now);
    this.metrics?.tick(now);
  }

  /** Queues visited by ticks so far (due time read, or ticked); tests read it to show that idle queues cost nothing. */
  get tickVisits(): number {
    return this.timeWork.visits;
  }

  /** A queue by name; `not_found` when there is none. */
  protected queue(name: string): Queue {
    return requireQueue(this.state, name);
  }
}
