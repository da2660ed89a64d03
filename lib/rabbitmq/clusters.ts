/** @module The attached clusters of one process: the registry, their management clients and the monitor, made together. */
import { SecretBox } from '../access/secret-box';
import { EngineError } from '../engine/errors';
import { checkCluster } from './cluster-check';
import { ClusterClients } from './cluster-clients';
import { ClusterJobRepository } from './cluster-job-repository';
import { ClusterJobs } from './cluster-jobs';
import { ClusterMonitor } from './cluster-monitor';
import { ClusterQueueSampler } from './cluster-queue-sampler';
import { MemoryMetricsHistory, type MetricsHistory } from '../engine/metrics/metrics-history';
import { ClusterRegistry } from './cluster-registry';
import { ClusterRepository, type ClusterDb } from './cluster-repository';
import { rabbitmqBackend } from './rabbitmq-backend';
import { ClusterFigures } from './cluster-live-figures';
import type { BrokerBackend } from '../backend/broker-backend';

export interface Clusters {
  registry: ClusterRegistry;
  clients: ClusterClients;
  monitor: ClusterMonitor;
  jobs: ClusterJobs;
  /** A vhost of cluster `id` as a BrokerBackend; `not_found` for a cluster that is not attached. */
  backend(id: string, vhost: string): BrokerBackend;
  /** Stops sampling, ends the replays' passes (what they held goes back), closes the connections. */
  stop(): Promise<void>;
}

export interface ClustersOptions {
  env?: Record<string, string | undefined>;
  /** Between samples of each cluster's nodes and queues; default 5000 ms. */
  sampleIntervalMs?: number;
  /** Where the queues' samples are kept (the store's rollups); in memory when not given. */
  metricsHistory?: MetricsHistory;
}

/**
 * A cluster whose last sample failed is answered for at once rather than tried again URL by URL (up to 4 s each): a
 * console page that asks it shows why within a moment instead of waiting. The next sample (every 5 s) lifts it.
 */
function refuseWhileUnreachable(id: string, monitor: ClusterMonitor): void {
  const status = monitor.status(id);
  if (status.state !== 'unreachable') return;
  const since = status.lastReachableAt === null ? 'it has not answered since it was attached' : `it last answered ${new Date(status.lastReachableAt).toISOString()}`;
  throw new EngineError('unavailable', `The cluster is unreachable (${status.message ?? 'no answer'}); ${since}`, {
    cluster: id,
    reason: 'unreachable',
    lastReachableAt: status.lastReachableAt,
    checkedAt: status.checkedAt,
  });
}

export async function startClusters(db: ClusterDb, options: ClustersOptions = {}): Promise<Clusters> {
  const env = options.env ?? process.env;
  let box: SecretBox | undefined;
  const registry = await ClusterRegistry.start({
    repository: new ClusterRepository(db),
    // Read when first needed, so a Switchboard without attached clusters needs no key.
    secretBox: () => (box ??= SecretBox.fromEnv(env)),
    check: checkCluster,
  });
  const clients = new ClusterClients(registry);
  const jobs = await ClusterJobs.start({
    repository: new ClusterJobRepository(db),
    amqp: (id) => clients.amqp(id),
    isAttached: (id) => registry.has(id),
  });
  registry.onChange((id) => {
    if (!registry.has(id)) jobs.forgetCluster(id);
  });
  const figures = new ClusterFigures();
  const sampler = new ClusterQueueSampler({
    registry,
    clients,
    figures,
    shared: options.metricsHistory ?? new MemoryMetricsHistory(),
    ...(options.sampleIntervalMs ? { intervalMs: options.sampleIntervalMs } : {}),
  }).start();
  const monitor = new ClusterMonitor({ registry, clients, ...(options.sampleIntervalMs ? { intervalMs: options.sampleIntervalMs } : {}) }).start();
  return {
    registry,
    clients,
    monitor,
    jobs,
    backend: (id, vhost) => {
      refuseWhileUnreachable(id, monitor);
      return rabbitmqBackend(id, vhost, clients.management(id), clients.amqp(id), jobs, sampler, figures);
    },
    stop: async () => {
      monitor.stop();
      await sampler.stop();
      await jobs.close();
      clients.close();
    },
  };
}
