/**
 * @module What the last sample of each attached cluster said, per vhost: every queue's depth, consumers and rates
 * (from how its counters grew since the sample before), the vhost's totals, and those totals over the last 15
 * minutes for the Overview's charts. The ClusterQueueSampler feeds it every 5 s; the Overview, /overview/metrics and
 * /events read it without asking the cluster, so none of them waits on a slow or lost cluster.
 */
import type { LiveSource } from '../api/live-source';
import type { LiveQueue, LiveRankings, OverviewMetrics } from '../api/schemas/metrics';
import type { Overview } from '../api/schemas/system';
import { byName } from '../api/live-table';
import { backlogOrder, RANKED_QUEUES } from '../console/queue-rankings';

/** How far back the Overview's charts reach on a cluster, as on the embedded broker. */
export const CLUSTER_SERIES_MS = 15 * 60_000;

export interface SampledQueue {
  vhost: string;
  name: string;
  ready: number;
  unacked: number;
  consumers: number;
  /** RabbitMQ's totals since the queue began. */
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
}

export interface SampledVhost {
  name: string;
  exchanges: number;
  /** Default-exchange bindings included, as RabbitMQ lists them and the embedded broker counts them. */
  bindings: number;
  /** RabbitMQ's vhost totals since its stats began (a node restart resets them). */
  published: number;
  unroutable: number;
}

interface TotalsPoint {
  t: number;
  publish: number;
  deliver: number;
  ack: number;
  depth: number;
}

interface VhostFigures {
  at: number;
  /** By name order. */
  queues: LiveQueue[];
  byName: Map<string, LiveQueue>;
  vhost: SampledVhost;
  /** Summed once per sample: the live feed reads the overview and the rankings every second. */
  totals: Totals;
  rankings: LiveRankings;
  series: TotalsPoint[];
}

type Counted = Pick<SampledQueue, 'publish' | 'deliver' | 'ack' | 'redeliver'> & { at: number };

interface ClusterFiguresState {
  vhosts: Map<string, VhostFigures>;
  /** By `vhost \0 queue`: the counters the next sample's rates are taken from. */
  counters: Map<string, Counted>;
}

const EMPTY_VHOST = (name: string): SampledVhost => ({ name, exchanges: 0, bindings: 0, published: 0, unroutable: 0 });
const round2 = (value: number) => Math.round(value * 100) / 100;

export class ClusterFigures {
  private readonly clusters = new Map<string, ClusterFiguresState>();
  private readonly sources = new Map<string, LiveSource>();

  /** One whole sample of a cluster: every queue read and every vhost. */
  record(clusterId: string, at: number, queues: readonly SampledQueue[], vhosts: readonly SampledVhost[]): void {
    const before = this.clusters.get(clusterId);
    const counters = new Map<string, Counted>();
    const byVhost = new Map<string, LiveQueue[]>(vhosts.map((vhost) => [vhost.name, []]));
    for (const queue of queues) {
      const key = `${queue.vhost}\0${queue.name}`;
      const last = before?.counters.get(key);
      counters.set(key, { at, publish: queue.publish, deliver: queue.deliver, ack: queue.ack, redeliver: queue.redeliver });
      const seconds = last ? (at - last.at) / 1000 : 0;
      // A counter that went back belongs to a queue deleted and made again: no rate until the next sample.
      const rate = (counter: keyof Omit<Counted, 'at'>) => (last && seconds > 0 && queue[counter] >= last[counter] ? round2((queue[counter] - last[counter]) / seconds) : 0);
      const list = byVhost.get(queue.vhost) ?? [];
      byVhost.set(queue.vhost, list);
      list.push({
        name: queue.name,
        messagesReady: queue.ready,
        messagesUnacked: queue.unacked,
        consumers: queue.consumers,
        rates: { publish: rate('publish'), deliver: rate('deliver'), ack: rate('ack'), redeliver: rate('redeliver'), deadLetter: 0 },
        oldestReadyAgeMs: null,
        latencyP50Ms: null,
        latencyP99Ms: null,
      });
    }
    const described = new Map(vhosts.map((vhost) => [vhost.name, vhost]));
    const figures = new Map<string, VhostFigures>();
    for (const [name, list] of byVhost) {
      list.sort((a, b) => byName(a.name, b.name));
      const totals = sum(list);
      const point: TotalsPoint = { t: at, publish: totals.rates.publish, deliver: totals.rates.deliver, ack: totals.rates.ack, depth: totals.ready + totals.unacked };
      const earlier = (before?.vhosts.get(name)?.series ?? []).filter((p) => p.t > at - CLUSTER_SERIES_MS);
      figures.set(name, {
        at,
        queues: list,
        byName: new Map(list.map((q) => [q.name, q])),
        vhost: described.get(name) ?? EMPTY_VHOST(name),
        totals,
        rankings: rankingsOf(list),
        series: [...earlier, point],
      });
    }
    this.clusters.set(clusterId, { vhosts: figures, counters });
  }

  /** Whether the cluster was sampled whole at least once since it was attached (or since this process started). */
  sampled(clusterId: string): boolean {
    return this.clusters.has(clusterId);
  }

  /** Whether the last sample saw this vhost. */
  knows(clusterId: string, vhost: string): boolean {
    return this.clusters.get(clusterId)?.vhosts.has(vhost) ?? false;
  }

  overview(clusterId: string, vhost: string): Overview {
    const figures = this.vhost(clusterId, vhost);
    const { totals } = figures;
    return {
      queues: figures.queues.length,
      exchanges: figures.vhost.exchanges,
      bindings: figures.vhost.bindings,
      consumers: totals.consumers,
      messagesReady: totals.ready,
      messagesUnacked: totals.unacked,
      rates: totals.rates,
      exchangeTotals: { published: figures.vhost.published, routed: Math.max(0, figures.vhost.published - figures.vhost.unroutable), unroutable: figures.vhost.unroutable },
    };
  }

  /** The vhost's totals at each sample of the last `windowMs`. */
  series(clusterId: string, vhost: string, windowMs: number, now: number): Omit<OverviewMetrics, 'stepMs'> {
    const points = this.vhost(clusterId, vhost).series.filter((point) => point.t > now - windowMs);
    return {
      t: points.map((p) => p.t),
      publish: points.map((p) => p.publish),
      deliver: points.map((p) => p.deliver),
      ack: points.map((p) => p.ack),
      depth: points.map((p) => p.depth),
    };
  }

  /** The live feed's source for one vhost of a cluster: the same object each time, so its streams share one feed. */
  liveSource(clusterId: string, vhost: string): LiveSource {
    const key = `${clusterId}\0${vhost}`;
    let source = this.sources.get(key);
    if (!source) {
      source = {
        overview: () => this.overview(clusterId, vhost),
        queues: (names) => {
          const figures = this.vhost(clusterId, vhost);
          const queues = names === undefined ? figures.queues : names.flatMap((name) => figures.byName.get(name) ?? []);
          return { at: figures.at, queues };
        },
        rankings: () => this.vhost(clusterId, vhost).rankings,
      };
      this.sources.set(key, source);
    }
    return source;
  }

  forget(clusterId: string): void {
    this.clusters.delete(clusterId);
    for (const key of this.sources.keys()) if (key.startsWith(`${clusterId}\0`)) this.sources.delete(key);
  }

  /** A vhost the last sample did not see (none taken yet, or a vhost made since) has nothing in it yet. */
  private vhost(clusterId: string, vhost: string): VhostFigures {
    return this.clusters.get(clusterId)?.vhosts.get(vhost) ?? { at: 0, queues: [], byName: new Map(), vhost: EMPTY_VHOST(vhost), totals: sum([]), rankings: rankingsOf([]), series: [] };
  }
}

/** RabbitMQ does not say how old a queue's oldest message is (capability `oldestReadyAge`): that ranking stays empty. */
function rankingsOf(queues: readonly LiveQueue[]): LiveRankings {
  const ranked = queues
    .filter((queue) => queue.messagesReady > 0)
    .map((queue) => ({ name: queue.name, messagesReady: queue.messagesReady, oldestReadyAgeMs: null }))
    .sort(backlogOrder)
    .slice(0, RANKED_QUEUES);
  return { biggestBacklog: ranked, oldestMessages: [] };
}

type Totals = ReturnType<typeof sum>;

function sum(queues: readonly LiveQueue[]) {
  const totals = { consumers: 0, ready: 0, unacked: 0, rates: { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 } };
  for (const queue of queues) {
    totals.consumers += queue.consumers;
    totals.ready += queue.messagesReady;
    totals.unacked += queue.messagesUnacked;
    for (const key of ['publish', 'deliver', 'ack', 'redeliver'] as const) totals.rates[key] = round2(totals.rates[key] + queue.rates[key]);
  }
  return totals;
}
