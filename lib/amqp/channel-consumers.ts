/**
 * @module A channel's consumers: basic.consume and basic.cancel (server-named `amq.ctag-` tags, exclusive consumers),
 * deliveries encoded straight to the socket under the channel's delivery tags (one that cannot be encoded for this
 * connection is rejected, not fatal), and the server's basic.cancel when a queue is deleted under a consumer.
 */
import { randomBytes } from 'node:crypto';
import { wallClockNow } from '../engine/clock';
import { isEngineError, type Delivery } from '../engine';
import type { ConsumerSubscription } from '../engine/broker-types';
import type { ChannelHost } from './channel-host';
import { consumeArguments } from './arguments';
import { encodeDelivery, encodeMethod, REPLY, type AmqpFieldTable } from './codec';
import { toBasicProperties } from './properties';
import { AmqpError } from './reply-codes';
import type { UnackedDeliveries } from './unacked-deliveries';

interface ChannelConsumer {
  tag: string;
  queue: string;
  noAck: boolean;
  exclusive: boolean;
  subscription?: ConsumerSubscription;
}

export interface ConsumersOwner {
  readonly open: boolean;
  /** Whether a consumer that acks may take one more delivery now (channel prefetch, socket room). */
  readonly sharedCapacity: () => boolean;
  /** Whether a no-ack consumer may (socket room only). */
  readonly socketCapacity: () => boolean;
  fail(error: unknown): void;
}

export class ChannelConsumers {
  private readonly byTag = new Map<string, ChannelConsumer>();

  constructor(
    private readonly channel: number,
    private readonly host: ChannelHost,
    private readonly unacked: UnackedDeliveries,
    private readonly owner: ConsumersOwner,
  ) {}

  get size(): number {
    return this.byTag.size;
  }

  /**
   * Starts a consumer of `queue` (already checked usable); consume-ok goes out before the first delivery.
   * `args` are basic.consume's arguments (`x-priority`), checked in RabbitMQ's order: after the tag, before exclusivity.
   */
  consume(
    queue: string,
    requestedTag: string,
    noAck: boolean,
    exclusive: boolean,
    nowait: boolean,
    prefetch: number,
    args?: AmqpFieldTable,
  ): void {
    const host = this.host;
    const tag = requestedTag || `amq.ctag-${randomBytes(16).toString('base64url')}`;
    if (this.byTag.has(tag)) throw new AmqpError(REPLY.NOT_ALLOWED, `attempt to reuse consumer tag '${tag}'`);
    const { priority } = consumeArguments(args, queue, host.vhost);
    if (host.exclusiveConsumers.has(queue) || (exclusive && host.broker.getQueue(queue).consumers > 0)) {
      throw new AmqpError(REPLY.ACCESS_REFUSED, `queue '${queue}' in vhost '${host.vhost}' in exclusive use`);
    }
    const consumer: ChannelConsumer = { tag, queue, noAck, exclusive };
    this.byTag.set(tag, consumer);
    if (exclusive) host.exclusiveConsumers.set(queue, this.ownerKey(consumer));
    if (!nowait) host.send(encodeMethod(this.channel, 'basic.consume-ok', { consumerTag: tag }));
    consumer.subscription = host.broker.subscribe(queue, {
      prefetch: noAck ? 0 : prefetch,
      kind: 'amqp',
      connectionId: host.id,
      noAck,
      priority,
      sharedCapacity: noAck ? this.owner.socketCapacity : this.owner.sharedCapacity,
      onDelivery: (delivery) => this.deliver(consumer, delivery),
      onEnd: () => this.ended(consumer),
    });
  }

  /** basic.cancel: its deliveries stay unacked on the channel, for the client may still ack them. */
  cancel(tag: string, nowait: boolean): void {
    const consumer = this.byTag.get(tag);
    if (consumer) {
      this.byTag.delete(tag);
      this.end(consumer, true);
    }
    if (!nowait) this.host.send(encodeMethod(this.channel, 'basic.cancel-ok', { consumerTag: tag }));
  }

  /** The channel is closing: every consumer ends and its unacked deliveries go back to the queue. */
  endAll(): void {
    for (const consumer of this.byTag.values()) this.end(consumer, false);
    this.byTag.clear();
  }

  /** Lets consumers deliver again after a shared limit (the channel's prefetch, the socket) has freed up. */
  resume(): void {
    for (const consumer of this.byTag.values()) consumer.subscription?.resume();
  }

  private deliver(consumer: ChannelConsumer, d: Delivery): void {
    const tag = this.unacked.add(d.queue, d.deliveryTag, true, !consumer.noAck);
    const host = this.host;
    let frames: Buffer;
    try {
      frames = encodeDelivery(this.channel, consumer.tag, tag, d.redelivered, d.exchange, d.routingKey, toBasicProperties(d.properties), d.payload, host.frameMax);
    } catch (error) {
      if (!consumer.noAck) this.unacked.take(tag, false);
      // Not inside the queue's dispatch, which is delivering this very message; and a macrotask, not a microtask, so
      // that a dead-letter exchange routing the message back here loops no faster than a client nacking would.
      setImmediate(() => rejectUndeliverable(host, d, consumer.noAck, error));
      return;
    }
    host.rates.deliver.add(wallClockNow());
    host.send(frames);
  }

  /** The queue was deleted under the consumer: the client hears basic.cancel when it understands it. */
  private ended(consumer: ChannelConsumer): void {
    if (this.byTag.get(consumer.tag) !== consumer) return;
    this.byTag.delete(consumer.tag);
    this.releaseExclusive(consumer);
    this.unacked.uncount(consumer.queue);
    if (this.host.cancelNotify && this.owner.open) this.host.send(encodeMethod(this.channel, 'basic.cancel', { consumerTag: consumer.tag, nowait: true }));
  }

  private end(consumer: ChannelConsumer, keepUnacked: boolean): void {
    this.releaseExclusive(consumer);
    try {
      consumer.subscription?.cancel(keepUnacked);
    } catch {
      // the queue is already gone
    }
  }

  private ownerKey(consumer: ChannelConsumer): string {
    return `${this.host.id}/${this.channel}/${consumer.tag}`;
  }

  private releaseExclusive(consumer: ChannelConsumer): void {
    if (consumer.exclusive && this.host.exclusiveConsumers.get(consumer.queue) === this.ownerKey(consumer)) {
      this.host.exclusiveConsumers.delete(consumer.queue);
    }
  }
}

/**
 * A delivery this connection cannot be sent (its content header passes the frame-max the client negotiated, or a
 * message stored before the publish limits cannot be encoded at all). Closing the channel would put it back at
 * the head for the next consumer to fail on, so it goes as a nack without requeue would: dead-lettered with reason
 * `rejected`, or dropped (and counted) where the queue has no dead-letter exchange; the consumer carries on with
 * the next message. A no-ack delivery was settled as it left the queue: it is only reported.
 */
export function rejectUndeliverable(host: ChannelHost, d: Delivery, settled: boolean, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  const fate = settled ? 'dropped (no-ack)' : 'rejected without requeue';
  console.warn(`switchboard: AMQP connection ${host.id}: message '${d.messageId}' of queue '${d.queue}' cannot be sent (${reason}); ${fate}`);
  if (settled) return;
  try {
    host.broker.nackNow(d.queue, [d.deliveryTag], false);
  } catch (nackError) {
    // The queue was deleted meanwhile: the message went with it.
    if (!isEngineError(nackError) || nackError.code !== 'not_found') throw nackError;
  }
}
