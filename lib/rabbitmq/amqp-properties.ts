/** @module A message's properties as the API names them, as amqplib's publish options (RabbitMQ's basic properties). */
import type { Options } from 'amqplib';
import type { MessageProperties } from '../engine/types';

export function toPublishOptions(properties: MessageProperties): Options.Publish {
  const options: Options.Publish = {};
  if (properties.headers) options.headers = properties.headers;
  if (properties.messageId !== undefined) options.messageId = properties.messageId;
  if (properties.correlationId !== undefined) options.correlationId = properties.correlationId;
  if (properties.replyTo !== undefined) options.replyTo = properties.replyTo;
  if (properties.contentType !== undefined) options.contentType = properties.contentType;
  if (properties.contentEncoding !== undefined) options.contentEncoding = properties.contentEncoding;
  if (properties.type !== undefined) options.type = properties.type;
  if (properties.appId !== undefined) options.appId = properties.appId;
  if (properties.userId !== undefined) options.userId = properties.userId;
  if (properties.priority !== undefined) options.priority = properties.priority;
  if (properties.expirationMs !== undefined) options.expiration = String(properties.expirationMs);
  if (properties.persistent !== undefined) options.persistent = properties.persistent;
  // AMQP's timestamp counts seconds; the API's, milliseconds.
  if (properties.timestamp !== undefined) options.timestamp = Math.floor(properties.timestamp / 1000);
  return options;
}
