/**
 * @module basic.publish content properties and the engine's MessageProperties, both ways. AMQP's timestamp is in
 * seconds and the engine's in milliseconds; delivery-mode 2 is persistent; expiration is a string of milliseconds.
 */
import type { MessageProperties } from '../engine';
import { REPLY, type BasicProperties } from './codec';
import { fromAmqpTable, toAmqpTable } from './field-values';
import { AmqpError } from './reply-codes';

/** The properties of a published message as the engine keeps them; RabbitMQ's checks on expiration and user-id. */
export function toEngineProperties(p: BasicProperties, user: string): MessageProperties {
  const out: MessageProperties = { persistent: p.deliveryMode === 2 };
  if (p.headers !== undefined) out.headers = fromAmqpTable(p.headers);
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.contentEncoding !== undefined) out.contentEncoding = p.contentEncoding;
  if (p.priority !== undefined) out.priority = p.priority;
  if (p.correlationId !== undefined) out.correlationId = p.correlationId;
  if (p.replyTo !== undefined) out.replyTo = p.replyTo;
  if (p.expiration !== undefined) {
    if (!/^\d+$/.test(p.expiration) || !Number.isSafeInteger(Number(p.expiration))) {
      throw new AmqpError(REPLY.PRECONDITION_FAILED, `invalid expiration '${p.expiration}'`);
    }
    out.expirationMs = Number(p.expiration);
  }
  if (p.messageId !== undefined) out.messageId = p.messageId;
  if (p.timestamp !== undefined) out.timestamp = p.timestamp * 1000;
  if (p.type !== undefined) out.type = p.type;
  if (p.userId !== undefined) {
    if (p.userId !== user) throw new AmqpError(REPLY.PRECONDITION_FAILED, `user_id property set to '${p.userId}' but authenticated user was '${user}'`);
    out.userId = p.userId;
  }
  if (p.appId !== undefined) out.appId = p.appId;
  if (p.clusterId !== undefined) out.clusterId = p.clusterId;
  return out;
}

/** The properties a delivery carries over AMQP. */
export function toBasicProperties(p: MessageProperties): BasicProperties {
  const out: BasicProperties = {};
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.contentEncoding !== undefined) out.contentEncoding = p.contentEncoding;
  if (p.headers !== undefined) out.headers = toAmqpTable(p.headers);
  out.deliveryMode = p.persistent === false ? 1 : 2;
  if (p.priority !== undefined) out.priority = p.priority;
  if (p.correlationId !== undefined) out.correlationId = p.correlationId;
  if (p.replyTo !== undefined) out.replyTo = p.replyTo;
  if (p.expirationMs !== undefined) out.expiration = String(p.expirationMs);
  if (p.messageId !== undefined) out.messageId = p.messageId;
  if (p.timestamp !== undefined) out.timestamp = Math.floor(p.timestamp / 1000);
  if (p.type !== undefined) out.type = p.type;
  if (p.userId !== undefined) out.userId = p.userId;
  if (p.appId !== undefined) out.appId = p.appId;
  if (p.clusterId !== undefined) out.clusterId = p.clusterId;
  return out;
}
