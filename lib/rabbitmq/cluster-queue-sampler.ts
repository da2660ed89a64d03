/**
 * @module Each attached cluster's queues sampled every 5 s (less often when a sample takes long: SamplePacing) through
 * its management API, into Switchboard's own metric history: the same 10 s and 1 min rollups as the embedded broker's queues (kept 24 h and 30 days), so a cluster's
 * queue charts, consumer lag and time to drain reach back further than RabbitMQ's own UI keeps.
 *
 * RabbitMQ gives each queue's message counters as totals since the queue began; a sample adds what they grew by
 * since the one before to the open buckets, and the depth it read becomes the buckets' gauges. A bucket is written
 * once it closes. The first sample of a queue (or one after its counters went back, when it was deleted and made
 * again) only sets where the next one counts from.
 */
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import { MINUTE_MS, TEN_SECONDS_MS } from '../engine/metrics/metrics-history';
import { prefixedMetricsHistory } from '../engine/metrics/vhost-metrics-history';
import type { ClusterClients } from './cluster-clients';
import type { ClusterRegistry } from './cluster-registry';
import { vhostPath } from './management-client';
import { RABBIT_MAX_PAGE_SIZE } from './rabbitmq-queues';
import type { ClusterFigures, SampledQueue, SampledVhost } from './cluster-live-figures';
import { SamplePacing } from './sample-pacing';

/** Most queues of one cluster sampled each time (in name order): beyond, their charts stay empty. */
export const MAX_SAMPLED_QUEUES = 10_000;
export const DEFAULT_SAMPLE_INTERVAL_MS = 5000;
const COLUMNS = 'name,vhost,messages_ready,messages_unacknowledged,consumers,message_stats.publish,message_stats.deliver_get,message_stats.ack,message_stats.redeliver';
const COUNTERS = ['publish', 'deliver', 'ack', 'redeliver'] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;

interface Sample extends Counters {
  ready: number;
  unacked: number;
}

interface OpenBucket extends Counters {
  t: number;
  ready: number;
  unacked: number;
}

export interface ClusterQueueSamplerOptions {
  registry: ClusterRegistry;
  clients: ClusterClients;
  /** The rollups every vhost shares; a cluster's vhost keeps its queues' under `cluster:<id>:<vhost>:`. */
  shared: MetricsHistory;
  /** Told each whole sample, for the live figures (the Overview and /events on a cluster). */
  figures?: ClusterFigures;
  intervalMs?: number;
  now?: () => number;
}

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export class ClusterQueueSampler {
  /** By `cluster \0 vhost \0 queue`: the last totals read, and the open 10 s and 1 min buckets. */
  private readonly last = new Map<string, Sample>();
  private readonly open = new Map<string, { ten: OpenBucket; minute: OpenBucket }>();
  /** Closed rows not handed to the history yet, by `cluster \0 vhost`. */
  private readonly unwritten = new Map<string, RollupRow[]>();
  /** Rows handed to the history and not written yet, by `cluster \0 vhost`. */
  private readonly inFlight = new Map<string, Set<RollupRow[]>>();
  private writing: Promise<void> = Promise.resolve();
  private readonly sampling = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;
  private readonly pacing: SamplePacing;

  constructor(private readonly options: ClusterQueueSamplerOptions) {
    this.now = options.now ?? Date.now;
    this.pacing = new SamplePacing(this.intervalMs);
    options.registry.onChange((id) => {
      if (!options.registry.has(id)) this.forget(id);
    });
  }

  /** How often each cluster is sampled. */
  get intervalMs(): number {
    return this.options.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  }

  /** The time between two samples of the cluster now: the interval, or more when a sample takes long (SamplePacing). */
  spacingMs(clusterId: string): number {
    return this.pacing.spacingMs(clusterId);
  }

  start(): this {
    this.timer = setInterval(() => void this.sampleDue(), this.intervalMs);
    this.timer.unref?.();
    return this;
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.writing;
  }

  /** One sample of every attached cluster; a cluster that does not answer is skipped (its monitor says so). */
  async sampleAll(): Promise<void> {
    await this.sampleEach(this.options.registry.list().map((cluster) => cluster.id));
  }

  /** A tick of the timer: a sample of each cluster whose pace allows one now. */
  private sampleDue(): Promise<void> {
    return this.sampleEach(this.options.registry.list().flatMap((cluster) => (this.pacing.due(cluster.id) ? [cluster.id] : [])));
  }

  private async sampleEach(clusterIds: string[]): Promise<void> {
    await Promise.all(clusterIds.map((id) => this.sample(id).catch(() => undefined)));
    this.flush();
  }

  /** The rollups of one vhost of a cluster, its entities named `queue:<name>` as the embedded broker's are. */
  history(clusterId: string, vhost: string): MetricsHistory {
    return prefixedMetricsHistory(this.options.shared, `cluster:${encodeURIComponent(clusterId)}:${encodeURIComponent(vhost)}:`);
  }

  /** Rows of one vhost that closed but are not written yet (a chart read merges them with the stored ones). */
  pending(clusterId: string, vhost: string): readonly RollupRow[] {
    const scope = scopeKey(clusterId, vhost);
    return [...(this.unwritten.get(scope) ?? []), ...[...(this.inFlight.get(scope) ?? [])].flat()];
  }

  /** Settles when the rows handed to the history so far are written. */
  written(): Promise<void> {
    return this.writing;
  }

  /** Settles when a sample of the cluster has been taken: the one under way, if there is one. */
  sample(clusterId: string): Promise<void> {
    // A cluster slower than the interval is not sampled twice at once: answers read out of order would lose counts.
    let sampling = this.sampling.get(clusterId);
    if (!sampling) {
      const ended = this.pacing.begin(clusterId);
      sampling = this.readCluster(clusterId).finally(() => {
        ended();
        this.sampling.delete(clusterId);
      });
      this.sampling.set(clusterId, sampling);
    }
    return sampling;
  }

  private async readCluster(clusterId: string): Promise<void> {
    const management = this.options.clients.management(clusterId);
    const at = this.now();
    const [queues, vhosts] = await Promise.all([this.readQueues(clusterId, at), this.options.figures ? readVhosts(management) : []]);
    // A cluster detached while it was read is not brought back.
    if (this.options.registry.has(clusterId)) this.options.figures?.record(clusterId, at, queues, vhosts);
  }

  private async readQueues(clusterId: string, at: number): Promise<SampledQueue[]> {
    const management = this.options.clients.management(clusterId);
    const read: SampledQueue[] = [];
    for (let page = 1; (page - 1) * RABBIT_MAX_PAGE_SIZE < MAX_SAMPLED_QUEUES; page++) {
      const answer = record(await management.get<unknown>(`/api/queues?page=${page}&page_size=${RABBIT_MAX_PAGE_SIZE}&columns=${COLUMNS}`));
      const items = Array.isArray(answer.items) ? answer.items : [];
      for (const raw of items) read.push(this.add(clusterId, record(raw), at));
      if (page >= count(answer.page_count)) break;
    }
    return read;
  }

  private add(clusterId: string, queue: Json, at: number): SampledQueue {
    const vhost = String(queue.vhost ?? '/');
    const name = String(queue.name ?? '');
    const key = `${scopeKey(clusterId, vhost)}\0${name}`;
    const stats = record(queue.message_stats);
    const sample: Sample = {
      publish: count(stats.publish),
      deliver: count(stats.deliver_get),
      ack: count(stats.ack),
      redeliver: count(stats.redeliver),
      ready: count(queue.messages_ready),
      unacked: count(queue.messages_unacknowledged),
    };
    const before = this.last.get(key);
    this.last.set(key, sample);
    const wentBack = before !== undefined && COUNTERS.some((counter) => sample[counter] < before[counter]);
    const grew: Counters = { publish: 0, deliver: 0, ack: 0, redeliver: 0 };
    if (before && !wentBack) for (const counter of COUNTERS) grew[counter] = sample[counter] - before[counter];

    const buckets = this.open.get(key) ?? { ten: bucketAt(at, TEN_SECONDS_MS), minute: bucketAt(at, MINUTE_MS) };
    this.open.set(key, buckets);
    for (const [which, resolution] of [['ten', TEN_SECONDS_MS], ['minute', MINUTE_MS]] as const) {
      let bucket = buckets[which];
      if (bucket.t !== floorTo(at, resolution)) {
        this.close(clusterId, vhost, name, bucket, resolution);
        bucket = buckets[which] = bucketAt(at, resolution);
      }
      for (const counter of COUNTERS) bucket[counter] += grew[counter];
      bucket.ready = sample.ready;
      bucket.unacked = sample.unacked;
    }
    return { vhost, name, consumers: count(queue.consumers), ...sample };
  }

  private close(clusterId: string, vhost: string, name: string, bucket: OpenBucket, resolutionMs: number): void {
    const rows = this.unwritten.get(scopeKey(clusterId, vhost)) ?? [];
    rows.push({ entity: `queue:${name}`, resolutionMs, t: bucket.t, ...pick(bucket), deadLetter: 0, ready: bucket.ready, unacked: bucket.unacked, oldestReadyAgeMs: 0, deliverLatency: '', ackLatency: '' });
    this.unwritten.set(scopeKey(clusterId, vhost), rows);
  }

  /** Hands the closed rows to each vhost's history, one write after another; they stay readable until written. */
  private flush(): void {
    for (const [scope, rows] of this.unwritten) {
      if (rows.length === 0) continue;
      const [clusterId, vhost] = scope.split('\0');
      const batch = rows.splice(0, rows.length);
      const history = this.history(clusterId, vhost);
      const flying = this.inFlight.get(scope) ?? new Set<RollupRow[]>();
      this.inFlight.set(scope, flying.add(batch));
      this.writing = this.writing
        .then(() => history.write(batch))
        // A write that fails is tried again with the next flush.
        .catch(() => {
          this.unwritten.get(scope)?.unshift(...batch);
        })
        .finally(() => {
          flying.delete(batch);
        });
    }
  }

  private forget(clusterId: string): void {
    this.options.figures?.forget(clusterId);
    this.pacing.forget(clusterId);
    const prefix = `${clusterId}\0`;
    for (const map of [this.last, this.open, this.unwritten, this.inFlight]) for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
  }
}

/** Every vhost with its exchange and binding counts and its publish totals: three lists of the whole cluster. */
async function readVhosts(management: ReturnType<ClusterClients['management']>): Promise<SampledVhost[]> {
  const list = async (path: string) => {
    const answer = await management.get<unknown>(path);
    return Array.isArray(answer) ? answer.map(record) : [];
  };
  const [vhosts, exchanges, bindings] = await Promise.all([
    list('/api/vhosts?columns=name,message_stats.publish,message_stats.return_unroutable,message_stats.drop_unroutable'),
    list('/api/exchanges?columns=vhost'),
    list('/api/bindings?columns=vhost'),
  ]);
  const tally = (rows: Json[]) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row.vhost), (counts.get(String(row.vhost)) ?? 0) + 1);
    return counts;
  };
  const exchangeCounts = tally(exchanges);
  const bindingCounts = tally(bindings);
  return vhosts.map((vhost) => {
    const name = String(vhost.name);
    const stats = record(vhost.message_stats);
    return {
      name,
      exchanges: exchangeCounts.get(name) ?? 0,
      bindings: bindingCounts.get(name) ?? 0,
      published: count(stats.publish),
      unroutable: count(stats.return_unroutable) + count(stats.drop_unroutable),
    };
  });
}

const scopeKey = (clusterId: string, vhost: string) => `${clusterId}\0${vhost}`;
const floorTo = (at: number, resolution: number) => Math.floor(at / resolution) * resolution;
const bucketAt = (at: number, resolution: number): OpenBucket => ({ t: floorTo(at, resolution), publish: 0, deliver: 0, ack: 0, redeliver: 0, ready: 0, unacked: 0 });
const pick = ({ publish, deliver, ack, redeliver }: Counters): Counters => ({ publish, deliver, ack, redeliver });
