/** @module Publishing: the publish verbs, checking a message, routing it through the exchanges, and the copy each queue stores. */
import { randomUUID } from 'node:crypto';
import { normalizeExchangeName } from './built-in-exchanges';
import { assertWritable, type EngineState } from './engine-state';
import { EngineError } from './errors';
import { checkMessage, checkRoutingHeaders } from './message-limits';
import type { Queue } from './queue/queue';
import type { ResourceAlarm } from './resource-alarm';
import type { RouteStep } from './routing/topology';
import type { FieldTable, MessageProperties, PublishInput, PublishResult, QueuedMessage } from './types';

/** What a stored copy is made from; the queue decides its seq, priority and expiry. */
export interface CopySource {
  messageId: string;
  exchange: string;
  routingKeys: string[];
  payload: Buffer;
  properties: MessageProperties;
  publishedAt: number;
}

/** The copy of a message that `queue` stores, with the next broker-wide seq. */
export function newCopy(state: EngineState, queue: Queue, m: CopySource): QueuedMessage {
  const { messageTtlMs, maxPriority } = queue.info.arguments;
  const { expirationMs } = m.properties;
  const ttl = messageTtlMs === undefined ? expirationMs : expirationMs === undefined ? messageTtlMs : Math.min(messageTtlMs, expirationMs);
  return {
    seq: state.seqs.next(),
    queue: queue.name,
    messageId: m.messageId,
    exchange: m.exchange,
    routingKey: m.routingKeys[0] ?? '',
    routingKeys: m.routingKeys,
    payload: m.payload,
    properties: m.properties,
    priority: maxPriority === undefined ? 0 : Math.min(Math.max(0, m.properties.priority ?? 0), maxPriority),
    persistent: m.properties.persistent !== false,
    publishedAt: m.publishedAt,
    expiresAt: ttl === undefined ? null : m.publishedAt + ttl,
    deliveryCount: 0,
  };
}

// Module-level, not a closure per call: tsx names every closure it creates, and this runs for each message.
const isString = (value: unknown): value is string => typeof value === 'string';
const NO_KEYS: readonly string[] = Object.freeze([]);
const stringsOf = (value: unknown): readonly string[] => (Array.isArray(value) ? value.filter(isString) : NO_KEYS);

/** The routing key plus CC keys (kept with the message) and BCC keys (used for routing only). */
export function splitRoutingKeys(routingKey: string, headers: FieldTable | undefined): { routingKeys: string[]; bcc: string[] } {
  if (!headers) return { routingKeys: [routingKey], bcc: [] };
  return { routingKeys: [routingKey, ...stringsOf(headers.CC)], bcc: [...stringsOf(headers.BCC)] };
}

function checkPublishable(state: EngineState, input: PublishInput): void {
  const exchange = state.topology.getExchange(input.exchange);
  if (exchange.internal) throw new EngineError('forbidden', `exchange '${input.exchange}' is internal`);
  // Every door publishes through here: HTTP, AMQP, the console. What passes can be delivered to any AMQP consumer.
  checkMessage(input, state.maxMessageBytes);
  assertWritable(state.persistence);
}

/** Routes one checked message and enqueues a copy in every queue it reaches; nothing is committed yet. */
function routeMessage(state: EngineState, input: PublishInput): PublishResult {
  const now = state.clock.now();
  const properties: MessageProperties = { ...input.properties, persistent: input.properties?.persistent ?? true };
  const { routingKeys, bcc } = splitRoutingKeys(input.routingKey, properties.headers);
  if (properties.headers && 'BCC' in properties.headers) {
    const { BCC: _removed, ...headers } = properties.headers;
    properties.headers = headers;
  }
  const messageId = properties.messageId ?? randomUUID();
  const exchange = normalizeExchangeName(input.exchange);
  const route = state.topology.route(exchange, [...routingKeys, ...bcc], properties.headers);
  state.metrics?.published(exchange, route.queues.size);
  const rejectedBy: string[] = [];
  let accepted = 0;
  for (const name of route.queues) {
    const queue = state.queues.get(name)!;
    const copy = newCopy(state, queue, { messageId, exchange, routingKeys, payload: input.payload, properties, publishedAt: now });
    if (queue.enqueue(copy) === 'accepted') accepted++;
    else rejectedBy.push(name);
  }
  return { routed: route.queues.size > 0, queues: accepted, messageId, rejectedBy };
}

/** Checks a batch before any of it is routed; a refusal names the message it is about (`details.index`), as the API's issue paths do. */
function checkPublishableBatch(state: EngineState, inputs: readonly PublishInput[]): void {
  inputs.forEach((input, index) => {
    try {
      checkPublishable(state, input);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      const details = error.details && typeof error.details === 'object' ? error.details : {};
      throw new EngineError(error.code, `messages[${index}]: ${error.message}`, { ...details, index });
    }
  });
}

/** Publishes one message; resolves once stored durably. `unavailable` while `alarm` is raised. */
export async function publish(state: EngineState, alarm: ResourceAlarm | undefined, input: PublishInput): Promise<PublishResult> {
  alarm?.checkPublish();
  checkPublishable(state, input);
  const result = routeMessage(state, input);
  await state.persistence.committed();
  return result;
}

/** Routes and enqueues one message now, without waiting (and without the alarm check: AMQP stops reading instead). */
export function publishNow(state: EngineState, input: PublishInput): PublishResult {
  checkPublishable(state, input);
  return routeMessage(state, input);
}

/** Publishes several messages together: all are checked before any is routed; resolves once all are stored. */
export async function publishBatch(state: EngineState, alarm: ResourceAlarm | undefined, inputs: readonly PublishInput[]): Promise<PublishResult[]> {
  alarm?.checkPublish();
  checkPublishableBatch(state, inputs);
  const results = inputs.map((input) => routeMessage(state, input));
  await state.persistence.committed();
  return results;
}

/** Where a message would go, without publishing it (BCC is removed before routing, as in publish). */
export function routeTest(state: EngineState, exchange: string, routingKey: string, headers?: FieldTable): { queues: string[]; path: RouteStep[] } {
  checkRoutingHeaders(headers, ['headers']);
  const { routingKeys, bcc } = splitRoutingKeys(routingKey, headers);
  const { BCC: _removed, ...routed } = headers ?? {};
  const route = state.topology.route(exchange, [...routingKeys, ...bcc], headers && routed);
  return { queues: [...route.queues].sort(), path: route.path };
}
