/** @module What an AMQP connection is given by its listener: limits, timeouts, login and the node's alarms. */
import type { ResourceAlarm } from '../engine/resource-alarm';
import type { AmqpFieldTable } from './codec';
import type { AmqpConnection } from './connection';
import type { ConnectionLimits } from './connection-limits';
import type { LoginSettings } from './connection-login';

export interface ConnectionSettings extends LoginSettings {
  maxMessageBytes: number;
  /** What the server proposes in connection.tune. */
  frameMax: number;
  channelMax: number;
  heartbeatSeconds: number;
  /** A client that has not opened its connection by then is dropped (RabbitMQ's handshake_timeout). */
  handshakeTimeoutMs: number;
  serverProperties: AmqpFieldTable;
  limits: ConnectionLimits;
  /** The node's resource alarms: while one is raised, publishing connections are blocked. */
  alarm?: ResourceAlarm;
  /** The listener's exclusive consumers of a vhost: queue -> owner key. */
  exclusiveConsumersOf: (vhost: string) => Map<string, string>;
  onClosed: (connection: AmqpConnection) => void;
}
