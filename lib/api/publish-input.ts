/** @module Publish bodies into the engine's PublishInput: payload decoding, the size limit, default-exchange naming. */
import type { MessageProperties, PublishInput, PublishResult } from '@/lib/engine';
import { ApiError } from './errors';
import type { PublishBody, PublishProperties, PublishResultJson, QueuePublishBody } from './schemas/messages';
import { engineExchangeName } from './serialize';

/** Size of the decoded payload, computed without decoding it. */
export function payloadSize(payload: string, encoding: 'utf8' | 'base64'): number {
  if (encoding === 'utf8') return Buffer.byteLength(payload, 'utf8');
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding;
}

export function toPublishInput(
  exchange: string,
  routingKey: string,
  body: QueuePublishBody | PublishBody,
  maxMessageBytes: number,
): PublishInput {
  const size = payloadSize(body.payload, body.payloadEncoding);
  if (size > maxMessageBytes) {
    throw new ApiError('payload_too_large', `The payload is ${size} bytes; the limit is ${maxMessageBytes}`, {
      size,
      limit: maxMessageBytes,
    });
  }
  return {
    exchange: engineExchangeName(exchange),
    routingKey,
    payload: Buffer.from(body.payload, body.payloadEncoding),
    properties: toMessageProperties(body.properties),
    mandatory: body.mandatory,
  };
}

function toMessageProperties(properties: PublishProperties): MessageProperties {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined)) as MessageProperties;
}

/** A result as the API shows it; a refusal by a `reject-publish` queue is a 429 (other queues keep their copy). */
export function publishResultJson(result: PublishResult): PublishResultJson {
  if (result.rejectedBy.length > 0) throw queueFull([result]);
  return { routed: result.routed, queues: result.queues, messageId: result.messageId };
}

export function publishBatchResultJson(results: PublishResult[]): { results: PublishResultJson[] } {
  if (results.some((result) => result.rejectedBy.length > 0)) throw queueFull(results);
  return { results: results.map(({ routed, queues, messageId }) => ({ routed, queues, messageId })) };
}

function queueFull(results: PublishResult[]): ApiError {
  const rejectedBy = [...new Set(results.flatMap((result) => result.rejectedBy))];
  const details = results.length === 1 ? results[0] : { results };
  return new ApiError('queue_full', `Refused by queue ${rejectedBy.map((q) => `'${q}'`).join(', ')} (reject-publish overflow)`, details);
}
