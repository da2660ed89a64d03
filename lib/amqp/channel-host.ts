/** @module What a channel needs from its connection: its vhost's broker, the socket, who it is, what it may do, its counters. */
import type { Broker } from '../engine';
import type { ByteBudget, ConnectionLimits } from './connection-limits';
import type { ConnectionAccess } from './connection-access';
import type { RateCounter } from '../engine/metrics/rate-counter';
import type { Reply } from './reply-codes';

export interface ChannelHost {
  /** The connection id: owner of its exclusive queues and consumers. */
  readonly id: string;
  readonly user: string;
  /** The vhost connection.open selected, and its broker. */
  readonly vhost: string;
  readonly broker: Broker;
  /** The permission checks and audit entries of this connection's principal in its vhost. */
  readonly access: ConnectionAccess;
  /** Negotiated frame-max (bytes, header and frame-end included). */
  readonly frameMax: number;
  readonly maxMessageBytes: number;
  /** The client understands a server-sent basic.cancel (capability consumer_cancel_notify). */
  readonly cancelNotify: boolean;
  readonly rates: { publish: RateCounter; deliver: RateCounter; ack: RateCounter };
  /** Exclusive queues this connection declared: deleted when it closes. */
  readonly exclusiveQueues: Set<string>;
  /** The connection has let go of its channels (closing or closed): what a late answer creates must not outlive it. */
  readonly released: boolean;
  /** Queues of this vhost with an exclusive consumer, across the listener: queue -> the consumer's owner key. */
  readonly exclusiveConsumers: Map<string, string>;
  /** The socket has more unsent bytes than it should take: consumers wait for it to drain. */
  readonly congested: boolean;
  /** What this connection may make the server hold. */
  readonly limits: ConnectionLimits;
  /** Budgets its channels share: unfinished message bodies, uncommitted transactions. */
  readonly budgets: { partialBodies: ByteBudget; tx: ByteBudget };
  /** Frames of `bytes` began (or, negative, stopped) waiting behind an awaited method. */
  backlogged(bytes: number): void;
  /** A publish of `bytes` was routed: it counts against flow control until it is stored. */
  published(bytes: number): void;
  /** Writes a frame (or several) to the socket; writes of one turn go out together. */
  send(frames: Buffer): void;
  /** A hard error: connection.close with this reply, every channel cleaned up. */
  fail(reply: Reply, classId?: number, methodId?: number): void;
  /** The channel has finished closing (close-ok sent or received): its number is free again. */
  channelClosed(number: number): void;
}
