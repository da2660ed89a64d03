/**
 * @module One vhost of an attached RabbitMQ cluster as a BrokerBackend. Reads go through the management API (paged
 * on RabbitMQ's side, so 10,000 queues cost one page); purge and delete go through AMQP, whose answers carry the exact
 * number of messages, which the management API does not give.
 */
import { EngineError } from '../engine/errors';
import type { BrokerBackend, Capabilities } from '../backend/broker-backend';
import type { ClusterAmqp } from './cluster-amqp';
import { vhostPath, type ManagementClient } from './management-client';
import { asEngineError, asRedeclaration, exists } from './management-failures';
import { fromRabbitQueue, rabbitListQuery, toRabbitDeclaration } from './rabbitmq-queues';
import { browseByGet, browseStream } from './rabbitmq-browse';
import type { ClusterJobs } from './cluster-jobs';
import type { ClusterQueueSampler } from './cluster-queue-sampler';
import { queueSeries } from '../engine/metrics/queue-series';
import { rabbitmqRouting } from './rabbitmq-routing';
import { rabbitmqConnections, rabbitmqConsumers } from './rabbitmq-connections';
import { publishConfirmed } from './rabbitmq-publish';
import { topologySnapshotOf, topologyWriterOf } from './rabbitmq-definitions';
import type { ClusterFigures } from './cluster-live-figures';
import { rabbitmqOverview } from './rabbitmq-overview';

export const RABBITMQ_CAPABILITIES: Capabilities = {
  oldestReadyAge: 'RabbitMQ does not measure the age of the oldest ready message',
  latencyPercentiles: 'RabbitMQ does not measure publish-to-ack latency',
  sideEffectFreeBrowse:
    'RabbitMQ reads a classic or quorum queue only by taking its messages and requeueing them (they come back redelivered, at the tail of a quorum queue): the API does it with getAndRequeue=true; streams are read by offset without it',
  deadLetterCounts: 'RabbitMQ does not count dead letters by reason: it would take reading every message (a replay\'s preview counts those it would move)',
  sideEffectFreeReplayPreview:
    'RabbitMQ cannot read a dead-letter queue without taking its messages: the preview takes each one and gives it back (it comes back marked redelivered)',
  everyMessageHasId:
    'RabbitMQ keeps no id for a message published without a message-id property: the browser names it by its place (#1, #2…), which a replay cannot pick it out by',
  atomicReplay:
    'On RabbitMQ each message is published to its destination with a confirm and taken from the dead-letter queue after it: if Switchboard stops between the two, that message arrives twice',
};

interface PagedAnswer {
  items?: unknown[];
  page?: number;
  page_count?: number;
}

export function rabbitmqBackend(clusterId: string, vhost: string, management: ManagementClient, amqp: ClusterAmqp, jobs: ClusterJobs, sampler: ClusterQueueSampler, figures: ClusterFigures): BrokerBackend {
  const queuePath = (name: string) => `/api/queues/${vhostPath(vhost)}/${encodeURIComponent(name)}`;
  const queueRef = (name: string) => ({ kind: 'queue', name });
  const managed = async <T>(call: () => Promise<T>, what?: { kind: string; name: string }): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw asEngineError(error, clusterId, what);
    }
  };
  const onAmqp = <T>(name: string, work: Parameters<ClusterAmqp['withChannel']>[1], signal?: AbortSignal) =>
    amqp.withChannel(vhost, work, signal).catch((error: unknown) => {
      throw fromChannelError(error, clusterId, name);
    }) as Promise<T>;

  const backend: BrokerBackend = {
    kind: 'rabbitmq',
    capabilities: RABBITMQ_CAPABILITIES,
    ...rabbitmqRouting(clusterId, vhost, management),
    ...rabbitmqConnections(clusterId, vhost, management),
    ...rabbitmqConsumers(clusterId, vhost, management),
    ...rabbitmqOverview(clusterId, vhost, management, sampler, figures),

    async listQueues(query, signal) {
      const { search, page } = rabbitListQuery(query);
      const answer = await managed(() => management.get<PagedAnswer>(`/api/queues/${vhostPath(vhost)}?${search}`, signal), { kind: 'vhost', name: vhost });
      const items = (answer.items ?? []).map(fromRabbitQueue);
      const pageCount = answer.page_count ?? 0;
      return { items, ...(page < pageCount ? { nextCursor: String(page + 1) } : {}) };
    },

    async getQueue(name, signal) {
      return fromRabbitQueue(await managed(() => management.get<unknown>(queuePath(name), signal), queueRef(name)));
    },

    async declareQueue(name, body, signal) {
      const existed = await exists(backend.getQueue(name, signal));
      try {
        await management.put(queuePath(name), toRabbitDeclaration(body), signal);
      } catch (error) {
        throw asRedeclaration(asEngineError(error, clusterId, queueRef(name)), existed);
      }
      return { created: !existed, queue: await backend.getQueue(name, signal) };
    },

    async deleteQueue(name, conditions, signal) {
      // AMQP deletes a queue that does not exist without a word; the API answers 404, so it asks first.
      await backend.getQueue(name, signal);
      const { messageCount } = await onAmqp<{ messageCount: number }>(name, (channel) => channel.deleteQueue(name, conditions), signal);
      return messageCount;
    },

    async purgeQueue(name, signal) {
      const { messageCount } = await onAmqp<{ messageCount: number }>(name, (channel) => channel.purgeQueue(name), signal);
      return messageCount;
    },

    async browse(name, query, signal) {
      const raw = await managed(() => management.get<Record<string, unknown>>(queuePath(name), signal), queueRef(name));
      const ready = typeof raw.messages_ready === 'number' ? raw.messages_ready : 0;
      if (raw.type === 'stream') {
        return browseStream(amqp, vhost, name, typeof raw.messages === 'number' ? raw.messages : 0, query, signal).catch((error: unknown) => {
          throw fromChannelError(error, clusterId, name);
        });
      }
      if (query.since !== undefined) {
        throw new EngineError('not_supported', 'RabbitMQ does not record when a message entered a classic or quorum queue: only a stream is read from a time', {
          reason: 'RabbitMQ does not record when a message entered a classic or quorum queue',
          field: 'since',
        });
      }
      const get = (count: number) =>
        managed(() => management.post<unknown[]>(`${queuePath(name)}/get`, { count, ackmode: 'ack_requeue_true', encoding: 'auto' }, signal), queueRef(name)).then((answer) => answer ?? []);
      return browseByGet(get, ready, query);
    },

    async publishToQueue(name, input, signal) {
      const { acked, messageId } = await publishConfirmed(amqp, vhost, '', name, input, signal, name).catch((error: unknown) => {
        throw fromChannelError(error, clusterId, name);
      });
      // As the embedded broker reports it: the API answers a refused message with 429 queue_full.
      return { routed: true, queues: acked ? 1 : 0, messageId, rejectedBy: acked ? [] : [name] };
    },

    async publish(input, signal) {
      const exchange = input.exchange === 'amq.default' ? '' : input.exchange;
      const { acked, returned, messageId } = await publishConfirmed(amqp, vhost, exchange, input.routingKey, input, signal).catch((error: unknown) => {
        throw fromChannelError(error, clusterId, exchange, 'exchange');
      });
      if (returned) return { routed: false, queues: 0, messageId, rejectedBy: [] };
      // RabbitMQ does not say how many queues took it: the route test counts them by its bindings as they are now.
      const { queues } = await backend.routeTest(exchange, input.routingKey, input.properties?.headers, signal);
      return { routed: true, queues: queues.length, messageId, rejectedBy: acked ? [] : queues };
    },

    async queueMetrics(name, options, signal) {
      await backend.getQueue(name, signal);
      const now = Date.now();
      const source = {
        history: sampler.history(clusterId, vhost),
        // Nothing is counted second by second here: every window reads the rollups of the 5 s samples.
        startedSecond: Math.floor(now / 1000),
        find: () => undefined,
        written: () => sampler.written(),
        pending: () => sampler.pending(clusterId, vhost),
      };
      return queueSeries(source, name, now, options);
    },

    topologySnapshot: (signal) => topologySnapshotOf(backend, signal),
    topologyWriter: () => topologyWriterOf(backend),

    async deadLetterCounts() {
      throw new EngineError('not_supported', 'Dead letters are not counted by reason on a RabbitMQ cluster', { reason: RABBITMQ_CAPABILITIES.deadLetterCounts, capability: 'deadLetterCounts' });
    },
    async planReplay(queue, options, signal) {
      const { count, sourceExchanges } = await jobs.scan(clusterId, vhost, queue, options, signal);
      return { count, sourceExchanges };
    },
    startReplay: (queue, options, startedBy, plan) => jobs.start(clusterId, vhost, queue, options, startedBy, plan.count),
    listJobs: async (queue) => jobs.list(clusterId, vhost, queue),
    getJob: async (id) => jobs.get(clusterId, vhost, id),
    pauseJob: (id) => jobs.pause(clusterId, vhost, id),
    resumeJob: (id) => jobs.resume(clusterId, vhost, id),
    cancelJob: (id) => jobs.cancel(clusterId, vhost, id),
  };
  return backend;
}

/** amqplib rejects a refused operation with the channel.close reply code in `code`: read as the API's error. */
function fromChannelError(error: unknown, clusterId: string, name: string, kind: 'queue' | 'exchange' = 'queue'): unknown {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  const details = { cluster: clusterId, kind, name };
  if (code === 404) return new EngineError('not_found', `${kind} '${name}' does not exist on the cluster`, details);
  if (code === 406) return new EngineError('precondition_failed', `The cluster refused: ${message}`, details);
  if (code === 405) return new EngineError('resource_locked', `The cluster refused: ${message}`, details);
  if (code === 403) return new EngineError('forbidden', `The cluster's user may not do this: ${message}`, details);
  return error;
}
