/**
 * @module What the AMQP listener tells the rest of Switchboard about its connections, and the one action
 * the console may take on them. The HTTP API reads it through `Services.amqp`; it never sees sockets.
 */

export interface AmqpRates {
  /** Messages per second over the last 5 s. */
  publish: number;
  deliver: number;
  ack: number;
}

export interface AmqpChannelInfo {
  number: number;
  consumers: number;
  unacked: number;
  /** basic.qos prefetch-count: per consumer (`global: false`) and shared by the channel (`global: true`); 0 = none. */
  prefetch: number;
  globalPrefetch: number;
  confirm: boolean;
  /** Publishes awaiting their confirm. */
  unconfirmed: number;
}

export interface AmqpConnectionInfo {
  id: string;
  /** "127.0.0.1:53122" */
  peer: string;
  /** The user it logged in as ('' during the handshake). */
  user: string;
  /** The vhost connection.open selected ('' during the handshake). */
  vhost: string;
  /** The client-properties table of connection.start-ok, as JSON. */
  clientProperties: Record<string, unknown>;
  channels: number;
  consumers: number;
  unacked: number;
  connectedAt: number;
  rates: AmqpRates;
  heartbeatSeconds: number;
  frameMax: number;
  channelMax: number;
  /** True while connection.blocked is in force (the store cannot write, or the memory alarm blocks this publisher). */
  blocked: boolean;
  channelDetails: AmqpChannelInfo[];
}

export interface AmqpAdmin {
  /** The port the listener is bound to, or undefined when AMQP is off or its port was taken. */
  readonly port: number | undefined;
  listConnections(): AmqpConnectionInfo[];
  findConnection(id: string): AmqpConnectionInfo | undefined;
  /** Closes with connection.close 320 CONNECTION_FORCED and `reason`; false when no such connection. */
  closeConnection(id: string, reason: string): boolean;
  /**
   * Closes (320, `reason`) every connection of `user`, or only those opened with the API key `apiKeyId`: what a
   * revocation does. Answers how many.
   */
  closeConnectionsOf(who: { user: string; apiKeyId?: string }, reason: string): number;
  /** Closes (320 "vhost 'v' is deleted", as RabbitMQ) every connection of a vhost that is going away. Answers how many. */
  closeVhostConnections(vhost: string): number;
}
