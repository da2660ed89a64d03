/** @module The embedded engine's vhost broker as a BrokerBackend: every capability, straight calls. */
import type { Broker, QueueArguments } from '@/lib/engine';
import { EngineError, notFound } from '@/lib/engine/errors';
import { pageOfQueues } from '@/lib/api/queue-list';
import { engineExchangeName, toBindingJson, toExchangeJson, toMessageJson, toQueueJson } from '@/lib/api/serialize';
import type { BrokerBackend, Capabilities } from './broker-backend';
import type { Connection } from '@/lib/api/schemas/connections';
import { DEFAULT_VHOST } from '@/lib/engine/store';
import { overviewSeries } from '@/lib/engine/metrics/live-figures';
import { brokerLiveSource } from '@/lib/api/live-source';

const EVERYTHING: Capabilities = {
  oldestReadyAge: true,
  latencyPercentiles: true,
  sideEffectFreeBrowse: true,
  deadLetterCounts: true,
  sideEffectFreeReplayPreview: true,
  atomicReplay: true,
  everyMessageHasId: true,
};

const backends = new WeakMap<Broker, BrokerBackend>();

/** The AMQP listener's connections, when it is on: the embedded broker's are those of its vhost. */
export interface EmbeddedConnections {
  listConnections(): Connection[];
  findConnection(id: string): Connection | undefined;
  closeConnection(id: string, reason: string): boolean;
}

/** The backend of one vhost's broker (made once per broker). */
export function embeddedBackend(broker: Broker, vhost = DEFAULT_VHOST, connections?: EmbeddedConnections): BrokerBackend {
  let backend = backends.get(broker);
  if (!backend) {
    const live = brokerLiveSource(broker);
    backend = {
      kind: 'embedded',
      capabilities: EVERYTHING,
      listQueues: async (query) => {
        const page = pageOfQueues(broker.queueReads, query);
        return { ...page, items: page.items.map(toQueueJson) };
      },
      getQueue: async (name) => toQueueJson(broker.getQueue(name)),
      declareQueue: async (name, body) => {
        const args: QueueArguments = { ...body.arguments, ...(body.type !== undefined ? { queueType: body.type } : {}) };
        if (args.deadLetterExchange !== undefined) args.deadLetterExchange = engineExchangeName(args.deadLetterExchange);
        const { created, queue } = await broker.declareQueue(name, { durable: body.durable, autoDelete: body.autoDelete, arguments: args });
        return { created, queue: toQueueJson(queue) };
      },
      deleteQueue: (name, conditions) => broker.deleteQueue(name, conditions),
      purgeQueue: (name) => broker.purgeQueue(name),
      browse: async (name, { cursor, limit, search, since }, signal) => {
        const page = await broker.peek(name, {
          ...(cursor !== undefined ? { cursor } : {}),
          limit,
          ...(search !== undefined ? { search } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(signal ? { signal } : {}),
        });
        return { items: page.items.map(toMessageJson), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), scanned: page.scanned, ready: page.ready };
      },
      publishToQueue: async (name, input) => {
        // Only whether it exists: getQueue would compute the queue's statistics on every publish.
        if (!broker.findQueueInfo(name)) throw notFound('queue', name);
        return broker.publish(input);
      },
      overview: async () => broker.overview(),
      overviewMetrics: async (windowMs) => {
        if (!broker.metrics) throw new EngineError('unavailable', 'metrics are turned off');
        return { stepMs: 1000, ...overviewSeries(broker.metrics, broker.queueReads, broker.clock.now(), windowMs / 1000) };
      },
      liveSource: async () => live,
      listExchanges: async () => broker.listExchanges().map(toExchangeJson),
      getExchange: async (name) => toExchangeJson(broker.getExchange(name)),
      declareExchange: async (name, settings) => {
        const { created, exchange } = await broker.declareExchange(name, settings);
        return { created, exchange: toExchangeJson(exchange) };
      },
      deleteExchange: (name, conditions) => broker.deleteExchange(name, conditions),
      listBindings: async (filter) => broker.listBindings(filter).map(toBindingJson),
      getBinding: async (id) => {
        const binding = broker.listBindings().find((candidate) => candidate.id === id);
        return binding && toBindingJson(binding);
      },
      bind: async (spec) => {
        const { created, binding } = await broker.bind(spec);
        return { created, binding: toBindingJson(binding) };
      },
      unbind: (id) => broker.unbind(id),
      routeTest: async (exchange, routingKey, headers) => broker.routeTest(exchange, routingKey, headers),
      publish: (input) => broker.publish(input),
      listConsumers: async (queue) => broker.listConsumers(queue),
      queueMetrics: (name, options) => broker.queueMetrics(name, options),
      listConnections: async () => (connections?.listConnections() ?? []).filter((connection) => connection.vhost === vhost),
      getConnection: async (id) => {
        const connection = connections?.findConnection(id);
        if (!connection || connection.vhost !== vhost) throw notFound('connection', id);
        return connection;
      },
      closeConnection: async (id, reason) => {
        const connection = connections?.findConnection(id);
        if (!connection || connection.vhost !== vhost || !connections?.closeConnection(id, reason)) throw notFound('connection', id);
      },
      topologySnapshot: async () => ({ exchanges: broker.listExchanges(), queues: broker.listQueues(), bindings: broker.listBindings() }),
      topologyWriter: () => broker,
      deadLetterCounts: (queue) => broker.deadLetterCounts(queue),
      planReplay: async (queue, options) => {
        // The source's exchanges matter only to a replay back to the source (where it goes when none is named).
        const toSource = (options.to ?? 'source') === 'source';
        const sourceExchanges = toSource ? await broker.deadLetterSourceExchanges(queue) : [];
        const count = await broker.countReplay(queue, toSource ? { ...options, sourceExchanges } : options);
        return { count, sourceExchanges };
      },
      // The engine counts again in the transaction that starts the job: the plan is only for brokers that cannot.
      startReplay: (queue, options) => broker.startReplay(queue, options),
      listJobs: async (queue) => broker.listJobs(queue),
      getJob: async (id) => broker.getJob(id),
      pauseJob: (id) => broker.pauseJob(id),
      resumeJob: (id) => broker.resumeJob(id),
      cancelJob: (id) => broker.cancelJob(id),
    };
    backends.set(broker, backend);
  }
  return backend;
}
