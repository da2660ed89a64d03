/**
 * @module The BrokerBackend port: what the API and the console need from a broker, whichever it is (the embedded
 * engine, or an attached RabbitMQ cluster through its management API and AMQP). Handlers call the port and never ask
 * which one is behind it; what a backend cannot do is in its capabilities, with the reason, and the API answers
 * `409 not_supported` with that reason.
 */
import type { Queue, QueueDeclareBody, QueueListQuery, QueuePage } from '@/lib/api/schemas/queues';
import type { PublishInput, PublishResult } from '@/lib/engine/types';
import type { MessagePageJson } from '@/lib/api/schemas/messages';

export interface BrowseQuery {
  cursor?: string;
  limit: number;
  search?: string;
  /** A broker that can read a queue only by taking its messages does so only when this says yes. */
  getAndRequeue: boolean;
}

/** What one backend may be unable to do, by name. */
export const BACKEND_CAPABILITIES = ['oldestReadyAge', 'latencyPercentiles', 'sideEffectFreeBrowse'] as const;
export type BackendCapability = (typeof BACKEND_CAPABILITIES)[number];

/** `true`, or why not (shown by the console beside what it hides, and in the 409's `details.reason`). */
export type Capabilities = Record<BackendCapability, true | string>;

export interface BrokerBackend {
  kind: 'embedded' | 'rabbitmq';
  capabilities: Capabilities;
  listQueues(query: QueueListQuery, signal?: AbortSignal): Promise<QueuePage>;
  /** `not_found` when there is no such queue (or vhost). */
  getQueue(name: string, signal?: AbortSignal): Promise<Queue>;
  declareQueue(name: string, body: QueueDeclareBody, signal?: AbortSignal): Promise<{ created: boolean; queue: Queue }>;
  /** Resolves to the number of messages deleted with it. */
  deleteQueue(name: string, conditions: { ifEmpty: boolean; ifUnused: boolean }, signal?: AbortSignal): Promise<number>;
  /** Resolves to the number of ready messages purged. */
  purgeQueue(name: string, signal?: AbortSignal): Promise<number>;
  /** A page of the queue's ready messages in delivery order (those matching `search`). */
  browse(name: string, query: BrowseQuery, signal?: AbortSignal): Promise<MessagePageJson>;
  /** Publishes through the default exchange to queue `name` (`not_found` when it does not exist); resolves once it is safe. */
  publishToQueue(name: string, input: PublishInput, signal?: AbortSignal): Promise<PublishResult>;
}
