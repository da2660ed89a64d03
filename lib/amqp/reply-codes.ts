/**
 * @module The one place that turns errors into AMQP reply codes and texts: engine error codes, codec errors and
 * the listener's own protocol errors; and which codes close the connection rather than the channel.
 */
import { isEngineError, type EngineErrorCode } from '../engine';
import { isRuleDetails, ruleMessage } from '../engine/rule-errors';
import { AmqpCodecError } from './codec/codec-error';
import { REPLY, REPLY_TEXT } from './codec/constants';

/** A protocol error the listener raises itself; `replyCode` decides whether the channel or the connection closes. */
export class AmqpError extends Error {
  constructor(
    readonly replyCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'AmqpError';
  }
}

const ENGINE_REPLY: Record<EngineErrorCode, number> = {
  not_found: REPLY.NOT_FOUND,
  forbidden: REPLY.ACCESS_REFUSED,
  // A refused or throttled login: RabbitMQ refuses both the same way.
  unauthorized: REPLY.ACCESS_REFUSED,
  too_many_requests: REPLY.ACCESS_REFUSED,
  precondition_failed: REPLY.PRECONDITION_FAILED,
  resource_locked: REPLY.RESOURCE_LOCKED,
  // RabbitMQ answers invalid arguments and oversize messages with precondition_failed.
  bad_request: REPLY.PRECONDITION_FAILED,
  payload_too_large: REPLY.PRECONDITION_FAILED,
  queue_full: REPLY.PRECONDITION_FAILED,
  unavailable: REPLY.RESOURCE_ERROR,
  not_supported: REPLY.NOT_IMPLEMENTED,
};

/** The spec's hard errors: answered with connection.close; every other code closes only the channel. */
const CONNECTION_CODES = new Set<number>([
  REPLY.CONNECTION_FORCED,
  REPLY.INVALID_PATH,
  REPLY.FRAME_ERROR,
  REPLY.SYNTAX_ERROR,
  REPLY.COMMAND_INVALID,
  REPLY.CHANNEL_ERROR,
  REPLY.UNEXPECTED_FRAME,
  REPLY.RESOURCE_ERROR,
  REPLY.NOT_ALLOWED,
  REPLY.NOT_IMPLEMENTED,
  REPLY.INTERNAL_ERROR,
]);

export const closesConnection = (replyCode: number) => CONNECTION_CODES.has(replyCode);

/** "NOT_FOUND - no queue 'q' in vhost '/'", as RabbitMQ spells reply texts; at most 255 bytes (a shortstr). */
export function replyText(replyCode: number, message: string): string {
  const text = `${REPLY_TEXT[replyCode] ?? 'INTERNAL_ERROR'} - ${message}`;
  return Buffer.byteLength(text) <= 255 ? text : Buffer.from(text).subarray(0, 252).toString().replace(/\uFFFD$/, '') + '...';
}

/**
 * RabbitMQ's wording, from the error's structured details (never from its text): "no queue 'q' in vhost 'v'" for a
 * missing queue or exchange, and the topology rules' texts with the connection's vhost.
 */
function rabbitMessage(error: { code: EngineErrorCode; message: string; details?: unknown }, vhost: string): string {
  if (isRuleDetails(error.details)) return ruleMessage(error.details, vhost);
  if (error.code !== 'not_found') return error.message;
  const details = error.details as { kind?: unknown; name?: unknown } | undefined;
  if ((details?.kind === 'queue' || details?.kind === 'exchange') && typeof details.name === 'string') {
    return `no ${details.kind} '${details.name}' in vhost '${vhost}'`;
  }
  return error.message;
}

export interface Reply {
  replyCode: number;
  replyText: string;
  /** An error nobody anticipated: logged by the caller, answered 541 without details. */
  unexpected?: boolean;
}

/** Any thrown value as the reply that closes the channel or connection; `vhost` is the connection's. */
export function toReply(error: unknown, vhost = '/'): Reply {
  if (error instanceof AmqpError || error instanceof AmqpCodecError) return { replyCode: error.replyCode, replyText: replyText(error.replyCode, error.message) };
  if (isEngineError(error)) {
    const replyCode = ENGINE_REPLY[error.code] ?? REPLY.INTERNAL_ERROR;
    return { replyCode, replyText: replyText(replyCode, rabbitMessage(error, vhost)) };
  }
  return { replyCode: REPLY.INTERNAL_ERROR, replyText: replyText(REPLY.INTERNAL_ERROR, 'internal error'), unexpected: true };
}
