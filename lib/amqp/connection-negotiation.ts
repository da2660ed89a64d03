/** @module The handshake's terms: what connection.start offers, what the client's capabilities ask, and tune-ok's limits checked. */
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
