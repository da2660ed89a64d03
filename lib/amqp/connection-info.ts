/** @module What the console sees of one AMQP connection and its channels (AmqpConnectionInfo). */
import type { RateCounter } from '../engine/metrics/rate-counter';
import type { AmqpChannelInfo, AmqpConnectionInfo } from './admin';
import type { AmqpChannel } from './channel';

export interface ConnectionFacts {
  id: string;
  peer: string;
  user: string;
  vhost: string;
  clientProperties: Record<string, unknown>;
  connectedAt: number;
  rates: { publish: RateCounter; deliver: RateCounter; ack: RateCounter };
  heartbeatSeconds: number;
  frameMax: number;
  channelMax: number;
  blocked: boolean;
}

export function describeConnection(c: ConnectionFacts, channels: Iterable<AmqpChannel>, now = Date.now()): AmqpConnectionInfo {
  const channelDetails: AmqpChannelInfo[] = [...channels].map((channel) => ({
    number: channel.number,
    consumers: channel.consumers.size,
    unacked: channel.unackedCount,
    prefetch: channel.prefetch,
    globalPrefetch: channel.globalPrefetch,
    confirm: channel.confirm,
    unconfirmed: channel.unconfirmed,
  }));
  return {
    id: c.id,
    peer: c.peer,
    user: c.user,
    vhost: c.vhost,
    clientProperties: c.clientProperties,
    channels: channelDetails.length,
    consumers: channelDetails.reduce((sum, ch) => sum + ch.consumers, 0),
    unacked: channelDetails.reduce((sum, ch) => sum + ch.unacked, 0),
    connectedAt: c.connectedAt,
    rates: { publish: c.rates.publish.rate(now), deliver: c.rates.deliver.rate(now), ack: c.rates.ack.rate(now) },
    heartbeatSeconds: c.heartbeatSeconds,
    frameMax: c.frameMax,
    channelMax: c.channelMax,
    blocked: c.blocked,
    channelDetails,
  };
}
