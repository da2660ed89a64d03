/**
 * @module Engine values as the API shows them. The default exchange is `amq.default` wherever the API names an
 * exchange resource, and `""` inside a Delivery (and `x-death`), as AMQP clients see it.
 */
import { isUtf8 } from 'node:buffer';
import type { BindingInfo, Delivery, ExchangeInfo, MessageProperties, QueueStats } from '@/lib/engine';
import type { Binding } from './schemas/bindings';
import type { Exchange } from './schemas/exchanges';
import type { DeliveryJson, MessageJson, PayloadEncoding } from './schemas/messages';
import type { Queue } from './schemas/queues';

export const DEFAULT_EXCHANGE_NAME = 'amq.default';

/** An exchange name as the API shows it. */
export const apiExchangeName = (name: string) => (name === '' ? DEFAULT_EXCHANGE_NAME : name);

/** An exchange name as the engine and AMQP know it. */
export const engineExchangeName = (name: string) => (name === DEFAULT_EXCHANGE_NAME ? '' : name);

export function toExchangeJson(exchange: ExchangeInfo): Exchange {
  const json: Exchange = {
    name: apiExchangeName(exchange.name),
    type: exchange.type,
    durable: exchange.durable,
    autoDelete: exchange.autoDelete,
    internal: exchange.internal,
    arguments: exchange.arguments,
  };
  if (exchange.alternateExchange !== undefined) json.alternateExchange = exchange.alternateExchange;
  return json;
}

export function toBindingJson(binding: BindingInfo): Binding {
  return {
    id: binding.id,
    source: apiExchangeName(binding.source),
    destination: binding.destination,
    destinationType: binding.destinationType,
    routingKey: binding.routingKey,
    arguments: binding.arguments,
  };
}

/** The queue's type is a field of its own in the API; the engine keeps it in its arguments (so it is stored). */
export function toQueueJson(queue: QueueStats): Queue {
  const { queueType = 'classic', ...args } = queue.arguments;
  return {
    name: queue.name,
    durable: queue.durable,
    autoDelete: queue.autoDelete,
    exclusive: queue.exclusiveOwner !== undefined,
    type: queueType,
    arguments: args,
    messagesReady: queue.messagesReady,
    messagesUnacked: queue.messagesUnacked,
    messages: queue.messages,
    bytesReady: queue.bytesReady,
    consumers: queue.consumers,
    oldestReadyAgeMs: queue.oldestReadyAgeMs,
    rates: queue.rates,
  };
}

/** Text when the bytes are valid UTF-8, else base64. */
export function encodePayload(payload: Buffer): { payload: string; payloadEncoding: PayloadEncoding } {
  return isUtf8(payload)
    ? { payload: payload.toString('utf8'), payloadEncoding: 'utf8' }
    : { payload: payload.toString('base64'), payloadEncoding: 'base64' };
}

export function toMessageJson(message: Omit<Delivery, 'deliveryTag'>): MessageJson {
  return {
    messageId: message.messageId,
    exchange: message.exchange,
    routingKey: message.routingKey,
    ...encodePayload(message.payload),
    properties: withoutUndefined(message.properties),
    redelivered: message.redelivered,
    deliveryCount: message.deliveryCount,
    publishedAt: message.publishedAt,
  };
}

export function toDeliveryJson(delivery: Delivery): DeliveryJson {
  return { deliveryTag: delivery.deliveryTag, ...toMessageJson(delivery) };
}

function withoutUndefined(properties: MessageProperties): MessageProperties {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined)) as MessageProperties;
}
