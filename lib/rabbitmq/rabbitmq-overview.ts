/**
 * @module The Overview of one vhost of an attached cluster, its charts and its live feed: read from the last 5 s
 * sample (ClusterFigures), so they answer at once, as RabbitMQ's own UI shows its last stats sample. Before the first
 * sample of a newly attached cluster, one is taken and awaited.
 */
import type { BrokerBackend } from '../backend/broker-backend';
import type { ClusterFigures } from './cluster-live-figures';
import type { ClusterQueueSampler } from './cluster-queue-sampler';
import { vhostPath, type ManagementClient } from './management-client';
import { asEngineError } from './management-failures';

export function rabbitmqOverview(
  clusterId: string,
  vhost: string,
  management: ManagementClient,
  sampler: ClusterQueueSampler,
  figures: ClusterFigures,
): Pick<BrokerBackend, 'overview' | 'overviewMetrics' | 'liveSource'> {
  /** A vhost the last sample did not see may be new, or may not exist: the cluster says which (`not_found`). */
  const ready = async (signal?: AbortSignal) => {
    try {
      if (!figures.sampled(clusterId)) await sampler.sample(clusterId);
      if (!figures.knows(clusterId, vhost)) await management.get(`/api/vhosts/${vhostPath(vhost)}`, signal);
    } catch (error) {
      throw asEngineError(error, clusterId, { kind: 'vhost', name: vhost });
    }
  };
  return {
    async overview(signal) {
      await ready(signal);
      return figures.overview(clusterId, vhost);
    },
    async overviewMetrics(windowMs, signal) {
      await ready(signal);
      return { stepMs: sampler.spacingMs(clusterId), ...figures.series(clusterId, vhost, windowMs, Date.now()) };
    },
    async liveSource(signal) {
      await ready(signal);
      return figures.liveSource(clusterId, vhost);
    },
  };
}
