/**
 * @module The AMQP connections and consumers of one vhost of an attached cluster, through its management API, as the
 * API shows them. Connections: RabbitMQ names a connection by "peer -> node" (its id here), and keeps consumers, unacked deliveries
 * and prefetch on its channels, which are read in the same call and summed per connection.
 */
import type { Channel, Connection } from '@/lib/api/schemas/connections';
import type { BrokerBackend } from '../backend/broker-backend';
import { EngineError } from '../engine/errors';
import { vhostPath, type ManagementClient } from './management-client';
import { asEngineError } from './management-failures';

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const rate = (stats: Json, key: string) => count(record(stats[`${key}_details`]).rate);

function fromRabbitChannel(raw: unknown): Channel {
  const channel = record(raw);
  return {
    number: count(channel.number),
    consumers: count(channel.consumer_count),
    unacked: count(channel.messages_unacknowledged),
    prefetch: count(channel.prefetch_count),
    globalPrefetch: count(channel.global_prefetch_count),
    confirm: channel.confirm === true,
    unconfirmed: count(channel.messages_unconfirmed),
  };
}

function fromRabbitConnection(raw: unknown, channels: unknown[]): Connection {
  const connection = record(raw);
  const own = channels.filter((channel) => text(record(record(channel).connection_details).name) === text(connection.name));
  const details = own.map(fromRabbitChannel).sort((a, b) => a.number - b.number);
  const stats = own.reduce<Json>((sum, channel) => {
    const messageStats = record(record(channel).message_stats);
    for (const key of ['publish', 'deliver_get', 'ack']) sum[key] = count(sum[key]) + rate(messageStats, key);
    return sum;
  }, {});
  return {
    id: text(connection.name),
    peer: `${text(connection.peer_host)}:${count(connection.peer_port)}`,
    user: text(connection.user),
    vhost: text(connection.vhost),
    clientProperties: record(connection.client_properties),
    channels: count(connection.channels),
    consumers: details.reduce((sum, channel) => sum + channel.consumers, 0),
    unacked: details.reduce((sum, channel) => sum + channel.unacked, 0),
    connectedAt: count(connection.connected_at),
    rates: { publish: count(stats.publish), deliver: count(stats.deliver_get), ack: count(stats.ack) },
    heartbeatSeconds: count(connection.timeout),
    frameMax: count(connection.frame_max),
    channelMax: count(connection.channel_max),
    blocked: connection.state === 'blocked' || connection.state === 'blocking',
    channelDetails: details,
  };
}

export function rabbitmqConnections(clusterId: string, vhost: string, management: ManagementClient): Pick<BrokerBackend, 'listConnections' | 'getConnection' | 'closeConnection'> {
  const v = vhostPath(vhost);
  const managed = async <T>(call: () => Promise<T>, what: { kind: string; name: string }): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw asEngineError(error, clusterId, what);
    }
  };
  const connectionRef = (id: string) => ({ kind: 'connection', name: id });
  const find = async (id: string, signal?: AbortSignal) => {
    const path = `/api/connections/${encodeURIComponent(id)}`;
    const [raw, channels] = await Promise.all([
      managed(() => management.get<unknown>(path, signal), connectionRef(id)),
      managed(() => management.get<unknown[]>(`${path}/channels`, signal), connectionRef(id)),
    ]);
    // Another vhost's connection is not this vhost's to show or close.
    if (text(record(raw).vhost) !== vhost) throw new EngineError('not_found', `connection '${id}' is not one of vhost '${vhost}'`, { ...connectionRef(id), cluster: clusterId });
    return fromRabbitConnection(raw, channels ?? []);
  };
  return {
    async listConnections(signal) {
      const vhostRef = { kind: 'vhost', name: vhost };
      const [connections, channels] = await Promise.all([
        managed(() => management.get<unknown[]>(`/api/vhosts/${v}/connections`, signal), vhostRef),
        managed(() => management.get<unknown[]>(`/api/vhosts/${v}/channels`, signal), vhostRef),
      ]);
      return (connections ?? []).map((raw) => fromRabbitConnection(raw, channels ?? [])).sort((a, b) => a.connectedAt - b.connectedAt);
    },
    getConnection: find,
    async closeConnection(id, reason, signal) {
      await find(id, signal);
      await managed(() => management.delete(`/api/connections/${encodeURIComponent(id)}`, signal, { 'x-reason': reason }), connectionRef(id));
    },
  };
}

/**
 * The vhost's consumers, as RabbitMQ lists them: their unacked count and rates are their channel's (RabbitMQ keeps
 * those per channel), and a channel idle since a time was last active then.
 */
export function rabbitmqConsumers(clusterId: string, vhost: string, management: ManagementClient): Pick<BrokerBackend, 'listConsumers'> {
  const v = vhostPath(vhost);
  return {
    async listConsumers(queue, signal) {
      const get = (path: string, what: { kind: string; name: string }) =>
        management.get<unknown>(path, signal).catch((error: unknown) => {
          throw asEngineError(error, clusterId, what);
        });
      if (queue !== undefined) await get(`/api/queues/${v}/${encodeURIComponent(queue)}`, { kind: 'queue', name: queue });
      const [consumers, channels] = await Promise.all([get(`/api/consumers/${v}`, { kind: 'vhost', name: vhost }), get(`/api/vhosts/${v}/channels`, { kind: 'vhost', name: vhost })]);
      const channelByName = new Map((Array.isArray(channels) ? channels : []).map((raw) => [text(record(raw).name), record(raw)]));
      return (Array.isArray(consumers) ? consumers : [])
        .map((raw) => {
          const consumer = record(raw);
          const channelName = text(record(consumer.channel_details).name);
          const channel = channelByName.get(channelName) ?? {};
          const stats = record(channel.message_stats);
          const idleSince = Date.parse(text(channel.idle_since).replace(' ', 'T'));
          const priority = record(consumer.arguments)['x-priority'];
          return {
            id: `${channelName}/${text(consumer.consumer_tag)}`,
            queue: text(record(consumer.queue).name),
            kind: 'amqp' as const,
            connectionId: text(record(consumer.channel_details).connection_name),
            prefetch: count(consumer.prefetch_count),
            priority: typeof priority === 'number' ? priority : 0,
            unacked: count(channel.messages_unacknowledged),
            deliverRate: rate(stats, 'deliver_get'),
            ackRate: rate(stats, 'ack'),
            lastActiveAt: Number.isFinite(idleSince) ? idleSince : Date.now(),
          };
        })
        .filter((consumer) => queue === undefined || consumer.queue === queue);
    },
  };
}
