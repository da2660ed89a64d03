/** @module The handshake's terms: what connection.start offers, what the client's capabilities ask, tune-ok's limits checked, and the order of its steps. */
import { FRAME_MIN_SIZE, REPLY, type AmqpFieldTable } from './codec';
import { AmqpError } from './reply-codes';
import { MECHANISMS } from './sasl';

/** connection.start's arguments: AMQP 0-9-1, PLAIN and AMQPLAIN, en_US. */
export const startArguments = (serverProperties: AmqpFieldTable) => ({
  versionMajor: 0,
  versionMinor: 9,
  serverProperties,
  mechanisms: MECHANISMS,
  locales: 'en_US',
});

/** The capabilities of connection.start-ok's client properties this server acts on. */
export function clientCapabilities(clientProperties: Record<string, unknown>): { cancelNotify: boolean; blocked: boolean } {
  const capabilities = (clientProperties.capabilities ?? {}) as Record<string, unknown>;
  return { cancelNotify: capabilities.consumer_cancel_notify === true, blocked: capabilities['connection.blocked'] === true };
}

/** connection.tune-ok's frame-max and channel-max within what the server proposed (0 takes the server's); else 530. */
export function negotiateLimits(server: { frameMax: number; channelMax: number }, asked: { frameMax: number; channelMax: number }): { frameMax: number; channelMax: number } {
  const { frameMax, channelMax } = asked;
  if (frameMax !== 0 && frameMax < FRAME_MIN_SIZE) throw new AmqpError(REPLY.NOT_ALLOWED, `frame_max=${frameMax} < ${FRAME_MIN_SIZE} min size`);
  if (frameMax > server.frameMax) throw new AmqpError(REPLY.NOT_ALLOWED, `frame_max=${frameMax} > ${server.frameMax} max size`);
  if (channelMax > server.channelMax) throw new AmqpError(REPLY.NOT_ALLOWED, `channel_max=${channelMax} > ${server.channelMax} max size`);
  return { frameMax: frameMax || server.frameMax, channelMax: channelMax || server.channelMax };
}

const HANDSHAKE_STEPS: Record<string, string> = { 'start-ok': 'connection.start-ok', 'tune-ok': 'connection.tune-ok', open: 'connection.open' };
const HANDSHAKE_METHODS = new Set(Object.values(HANDSHAKE_STEPS));

/**
 * 503 COMMAND_INVALID for a channel-0 method out of the handshake's order. The handshake happens once: a second
 * connection.open would switch vhost under open channels and exclusive queues.
 */
export function checkHandshakeOrder(state: string, method: string): void {
  const wanted = HANDSHAKE_STEPS[state];
  if (wanted && method !== wanted && method !== 'connection.close') throw new AmqpError(REPLY.COMMAND_INVALID, `expected '${wanted}', got '${method}'`);
  if (!wanted && HANDSHAKE_METHODS.has(method)) throw new AmqpError(REPLY.COMMAND_INVALID, `unexpected method ${method} after the handshake`);
}
