/**
 * @module One vhost of an attached cluster as the definitions code reads and writes it: its exchanges, every page of
 * its queues and its bindings, in the engine's shapes (the default exchange is `""`); and a writer that declares and
 * undoes through the backend's own calls. So an export, a diff and an import of a cluster's vhost are the embedded
 * broker's, computed by the same code.
 */
import type { TopologySnapshot } from '@/lib/api/definitions';
import type { TopologyWriter } from '@/lib/api/definitions-apply';
import type { QueueDeclareBody } from '@/lib/api/schemas/queues';
import type { BrokerBackend } from '../backend/broker-backend';
import type { ExchangeInfo, QueueInfo } from '../engine/types';
import { RABBIT_MAX_PAGE_SIZE } from './rabbitmq-queues';

const engineName = (name: string) => (name === 'amq.default' ? '' : name);

export async function topologySnapshotOf(backend: BrokerBackend, signal?: AbortSignal): Promise<TopologySnapshot> {
  const [exchanges, queues, bindings] = await Promise.all([backend.listExchanges(signal), allQueues(backend, signal), backend.listBindings({}, signal)]);
  return {
    exchanges: exchanges.map((exchange) => ({ ...exchange, name: engineName(exchange.name) }) as ExchangeInfo),
    queues: queues.map(({ name, durable, autoDelete, exclusive, type, arguments: args }) => ({
      name,
      durable,
      autoDelete,
      // An exclusive queue is left out of an export, as RabbitMQ does; its owner is a connection of the cluster's.
      ...(exclusive ? { exclusiveOwner: 'a connection of the cluster' } : {}),
      arguments: { ...args, ...(type === 'classic' ? {} : { queueType: type }) },
    }) as QueueInfo),
    bindings: bindings.map((binding) => ({ ...binding, source: engineName(binding.source) })),
  };
}

async function allQueues(backend: BrokerBackend, signal?: AbortSignal) {
  const queues = [];
  let cursor: string | undefined;
  do {
    const page = await backend.listQueues({ sort: 'name', limit: RABBIT_MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal);
    queues.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return queues;
}

export function topologyWriterOf(backend: BrokerBackend): TopologyWriter {
  return {
    declareExchange: (name, settings) => backend.declareExchange(name, settings),
    deleteExchange: (name) => backend.deleteExchange(name, { ifUnused: false }),
    declareQueue: (name, { durable, autoDelete, arguments: { queueType, ...args } }) =>
      backend.declareQueue(name, { durable, autoDelete, ...(queueType ? { type: queueType } : {}), arguments: args as QueueDeclareBody['arguments'] }),
    deleteQueue: (name) => backend.deleteQueue(name, { ifEmpty: false, ifUnused: false }),
    bind: (spec) => backend.bind(spec),
    unbind: (id) => backend.unbind(id),
  };
}
