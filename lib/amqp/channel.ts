/**
 * @module One AMQP channel: its methods in order (an awaited one holds back the frames after it), publishing,
 * acks and nacks by the channel's delivery tags, qos, basic.get, recover, publisher confirms and transactions.
 */
import { readQueueNeeds } from '../access/operations';
import { wallClockNow } from '../engine/clock';
import { isEngineError, type PublishResult } from '../engine';
import {
  decodeMethod,
  encodeContent,
  encodeGetOk,
  encodeMethod,
  FRAME_BODY,
  FRAME_HEADER,
  FRAME_METHOD,
  REPLY,
  type AmqpFieldTable,
  type DecodedMethod,
  type Frame,
} from './codec';
import type { ChannelHost } from './channel-host';
import { ChannelConsumers, rejectUndeliverable } from './channel-consumers';
import { ChannelTopology } from './channel-topology';
import { ContentAssembly, type AssembledMessage } from './content-assembly';
import { toBasicProperties, toEngineProperties } from './properties';
import { PublisherConfirms } from './publisher-confirms';
import { Transaction, type Settlement } from './transaction';
import { AmqpError, closesConnection, toReply } from './reply-codes';
import { UnackedDeliveries, type Outstanding } from './unacked-deliveries';

const BASIC_PUBLISH = [60, 40] as const;
const CHANNEL_CLOSE = (20 << 16) | 40;
const CHANNEL_CLOSE_OK = (20 << 16) | 41;
/** Messages one basic.get may reject as undeliverable before it answers get-empty. */
const MAX_UNDELIVERABLE_PER_GET = 16;

export class AmqpChannel {
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** Frames that arrived while an awaited method was running; they run after it, in order. */
  private backlog: Frame[] | undefined;
  private readonly content: ContentAssembly;
  readonly consumers: ChannelConsumers;
  private readonly unacked = new UnackedDeliveries();
  /** basic.qos prefetch-count for consumers started from now on (global=false) and for the channel (global=true). */
  prefetch = 0;
  globalPrefetch = 0;
  private readonly confirms: PublisherConfirms;
  private tx: Transaction | undefined;
  private readonly topology: ChannelTopology;
  /** The channel-wide prefetch, and the socket: a client that reads slowly stops deliveries until it catches up. */
  readonly sharedCapacity = () => !this.host.congested && (this.globalPrefetch === 0 || this.unacked.counted < this.globalPrefetch);
  readonly socketCapacity = () => !this.host.congested;

  constructor(
    readonly number: number,
    private readonly host: ChannelHost,
  ) {
    this.topology = new ChannelTopology(number, host);
    this.content = new ContentAssembly(host.maxMessageBytes, host.budgets.partialBodies);
    this.confirms = new PublisherConfirms(number, host);
    this.consumers = new ChannelConsumers(number, host, this.unacked, this);
  }

  get open(): boolean {
    return this.state === 'open';
  }

  get confirm(): boolean {
    return this.confirms.active;
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  get unconfirmed(): number {
    return this.confirms.unconfirmed;
  }

  handleFrame(frame: Frame): void {
    if (!this.backlog) return this.run(frame);
    this.backlog.push(frame);
    // Counted by the connection, which stops reading its socket while too much waits.
    this.host.backlogged(frameCost(frame));
  }

  /** The connection is going away: consumers end and unacked deliveries go back to their queues, redelivered. */
  cleanup(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const broker = this.host.broker;
    this.consumers.endAll();
    if (this.tx) {
      this.unacked.restore(this.tx.settled());
      this.tx.take();
    }
    this.tx = undefined;
    for (const outstanding of this.unacked.takeAll()) {
      try {
        broker.nackNow(outstanding.queue, [outstanding.engineTag], true);
      } catch {
        // its queue is gone, and the message with it
      }
    }
    if (this.backlog) this.host.backlogged(-this.backlog.reduce((sum, frame) => sum + frameCost(frame), 0));
    this.backlog = undefined;
    this.content.clear();
    this.confirms.stop();
  }

  private run(frame: Frame): void {
    let method: DecodedMethod | undefined;
    try {
      if (this.state !== 'open') return this.whileClosing(frame);
      if (frame.type === FRAME_METHOD) {
        method = decodeMethod(frame.payload);
        const pending = this.method(method);
        if (pending) this.hold(pending, method);
      } else if (frame.type === FRAME_HEADER) this.publish(this.content.header(frame.payload));
      else if (frame.type === FRAME_BODY) this.publish(this.content.body(frame.payload));
      else throw new AmqpError(REPLY.FRAME_ERROR, `unexpected frame type ${frame.type} on channel ${this.number}`);
    } catch (error) {
      this.fail(error, method ?? (frame.type === FRAME_METHOD ? undefined : { classId: BASIC_PUBLISH[0], methodId: BASIC_PUBLISH[1] }));
    }
  }

  /** Runs the frames that waited behind an awaited method once it is done. */
  private hold(pending: Promise<void>, method: DecodedMethod): void {
    this.backlog = [];
    pending
      .catch((error) => this.fail(error, method))
      .finally(() => {
        const frames = this.backlog ?? [];
        this.backlog = undefined;
        for (let i = 0; i < frames.length; i++) {
          // A frame run here may itself be awaited: the rest waits behind it again.
          const held = this.backlog as Frame[] | undefined;
          if (held) {
            held.push(...frames.slice(i));
            return;
          }
          this.host.backlogged(-frameCost(frames[i]));
          this.run(frames[i]);
        }
      });
  }

  /** After channel.close went out, everything but close-ok (or the peer's own close) is dropped unread, as the spec says. */
  private whileClosing(frame: Frame): void {
    if (frame.type !== FRAME_METHOD || this.state === 'closed' || frame.payload.length < 4) return;
    const id = frame.payload.readUInt32BE(0);
    if (id !== CHANNEL_CLOSE && id !== CHANNEL_CLOSE_OK) return;
    const method = decodeMethod(frame.payload);
    if (method.name === 'channel.close-ok') this.finish();
    else if (method.name === 'channel.close') {
      this.host.send(encodeMethod(this.number, 'channel.close-ok'));
      this.finish();
    }
  }

  private finish(): void {
    this.state = 'closed';
    this.host.channelClosed(this.number);
  }

  /** Answers an error: a soft code closes this channel, a hard one the connection. A refusal is audited. */
  fail(error: unknown, method?: { classId: number; methodId: number; name?: string }): void {
    const reply = toReply(error, this.host.vhost);
    if (reply.unexpected) console.error(`switchboard: AMQP channel ${this.number} of connection ${this.host.id} failed:`, error);
    if (reply.replyCode === REPLY.ACCESS_REFUSED && this.state === 'open') this.host.access.recordRefusal(method?.name ?? 'basic.publish', error, reply.replyText);
    if (closesConnection(reply.replyCode)) return this.host.fail(reply, method?.classId, method?.methodId);
    if (this.state !== 'open') return;
    this.cleanup();
    this.state = 'closing';
    this.host.send(
      encodeMethod(this.number, 'channel.close', { replyCode: reply.replyCode, replyText: reply.replyText, classId: method?.classId ?? 0, methodId: method?.methodId ?? 0 }),
    );
  }

  private method(m: DecodedMethod): void | Promise<void> {
    if (this.content.pending) throw new AmqpError(REPLY.UNEXPECTED_FRAME, `expected content header for class 60, got non content header frame instead`);
    const a = m.args;
    switch (m.name) {
      case 'basic.publish':
        if (a.immediate) throw new AmqpError(REPLY.NOT_IMPLEMENTED, 'immediate=true');
        this.content.start(a.exchange, a.routingKey, a.mandatory);
        return;
      case 'basic.ack':
        return this.settle(a.deliveryTag, a.multiple, 'ack');
      case 'basic.nack':
        return this.settle(a.deliveryTag, a.multiple, a.requeue ? 'requeue' : 'reject');
      case 'basic.reject':
        return this.settle(a.deliveryTag, false, a.requeue ? 'requeue' : 'reject');
      case 'basic.qos':
        return this.qos(a.prefetchSize, a.prefetchCount, a.global);
      case 'basic.consume':
        return this.consume(a.queue, a.consumerTag, a.noAck, a.exclusive, a.nowait, a.arguments);
      case 'basic.cancel':
        return this.consumers.cancel(a.consumerTag, a.nowait);
      case 'basic.get':
        return this.get(a.queue, a.noAck);
      case 'basic.recover':
      case 'basic.recover-async':
        return this.recover(a.requeue, m.name === 'basic.recover');
      case 'confirm.select':
        if (this.tx) throw new AmqpError(REPLY.PRECONDITION_FAILED, 'cannot switch from tx to confirm mode');
        this.confirms.active = true;
        if (!a.nowait) this.host.send(encodeMethod(this.number, 'confirm.select-ok'));
        return;
      case 'channel.flow':
        if (!a.active) throw new AmqpError(REPLY.NOT_IMPLEMENTED, 'active=false');
        this.host.send(encodeMethod(this.number, 'channel.flow-ok', { active: true }));
        return;
      case 'channel.close':
        this.cleanup();
        this.host.send(encodeMethod(this.number, 'channel.close-ok'));
        return this.finish();
      case 'channel.open':
        throw new AmqpError(REPLY.CHANNEL_ERROR, `second 'channel.open' seen`);
      case 'access.request':
        this.host.send(encodeMethod(this.number, 'access.request-ok', { ticket: 1 }));
        return;
      case 'tx.select':
        if (this.confirms.active) throw new AmqpError(REPLY.PRECONDITION_FAILED, 'cannot switch from confirm to tx mode');
        this.tx ??= new Transaction(this.host.budgets.tx, this.host.limits.txSteps);
        this.host.send(encodeMethod(this.number, 'tx.select-ok'));
        return;
      case 'tx.commit':
        return this.commit();
      case 'tx.rollback':
        if (!this.tx) throw new AmqpError(REPLY.PRECONDITION_FAILED, 'channel is not transactional');
        this.unacked.restore(this.tx.settled());
        this.tx.take();
        this.host.send(encodeMethod(this.number, 'tx.rollback-ok'));
        return;
      default:
        return this.topology.handle(m);
    }
  }

  private publish(message: AssembledMessage | undefined): void {
    if (!message) return;
    // Checked as each publish completes, as RabbitMQ does (a transaction's too, not at commit).
    this.host.access.checkPublish(message.exchange);
    if (this.tx) this.tx.publish(message);
    else this.route(message);
  }

  /** tx.commit: the transaction's settlements and publishes, in order, answered once they are durable. */
  private async commit(): Promise<void> {
    if (!this.tx) throw new AmqpError(REPLY.PRECONDITION_FAILED, 'channel is not transactional');
    for (const step of this.tx.take()) {
      if (step.kind === 'publish') this.route(step.message);
      else this.apply(step.how, step.picked);
    }
    await this.host.broker.committed();
    if (this.state === 'open') this.host.send(encodeMethod(this.number, 'tx.commit-ok'));
  }

  private route(message: AssembledMessage): void {
    const host = this.host;
    host.rates.publish.add(wallClockNow());
    let result: PublishResult;
    try {
      const properties = toEngineProperties(message.properties, host.user);
      result = host.broker.publishNow({ exchange: message.exchange, routingKey: message.routingKey, payload: message.payload, properties, mandatory: message.mandatory });
    } catch (error) {
      this.confirms.record(false);
      // The store refusing writes is no fault of the channel: the publisher hears a nack (and connection.blocked).
      if (isEngineError(error) && error.code === 'unavailable') return;
      throw error;
    }
    host.published(message.payload.length);
    if (message.mandatory && !result.routed) {
      const { exchange, routingKey } = message;
      host.send(encodeMethod(this.number, 'basic.return', { replyCode: REPLY.NO_ROUTE, replyText: 'NO_ROUTE', exchange, routingKey }));
      host.send(encodeContent(this.number, message.properties, message.payload, host.frameMax));
    }
    this.confirms.record(result.rejectedBy.length === 0);
  }

  private settle(tag: number, multiple: boolean, how: Settlement): void {
    const countedBefore = this.unacked.counted;
    const picked = this.unacked.take(tag, multiple);
    if (this.tx) this.tx.settle(how, picked);
    else this.apply(how, picked);
    if (this.globalPrefetch && this.unacked.counted < countedBefore) this.resumeConsumers();
  }

  private apply(how: Settlement, picked: readonly Outstanding[]): void {
    const broker = this.host.broker;
    for (const outstanding of picked) {
      try {
        if (how === 'ack') broker.ackNow(outstanding.queue, [outstanding.engineTag]);
        else broker.nackNow(outstanding.queue, [outstanding.engineTag], how === 'requeue');
      } catch (error) {
        // A message whose queue was deleted meanwhile went with it; settling it is not an error.
        if (!isEngineError(error) || error.code !== 'not_found') throw error;
      }
    }
    if (how === 'ack') this.host.rates.ack.add(wallClockNow(), picked.length);
  }

  /** Lets consumers deliver again after a shared limit (the channel's prefetch, the socket) has freed up. */
  resumeConsumers(): void {
    this.consumers.resume();
  }

  private qos(prefetchSize: number, prefetchCount: number, global: boolean): void {
    if (prefetchSize !== 0) throw new AmqpError(REPLY.NOT_IMPLEMENTED, `prefetch_size!=0 (${prefetchSize})`);
    if (global) {
      const raised = prefetchCount === 0 || prefetchCount > this.globalPrefetch;
      this.globalPrefetch = prefetchCount;
      if (raised) this.resumeConsumers();
    } else {
      this.prefetch = prefetchCount;
    }
    this.host.send(encodeMethod(this.number, 'basic.qos-ok'));
  }

  private consume(queueName: string, requestedTag: string, noAck: boolean, exclusive: boolean, nowait: boolean, args: AmqpFieldTable | undefined): void {
    this.consumers.consume(this.readableQueue(queueName), requestedTag, noAck, exclusive, nowait, this.prefetch, args);
  }

  private async get(queueName: string, noAck: boolean, undeliverable = 0): Promise<void> {
    const host = this.host;
    const queue = this.readableQueue(queueName);
    // Held until acked, nacked or the channel closes: no lease timeout.
    const [delivery] = await host.broker.receive(queue, { max: 1, waitMs: 0, visibilityTimeoutMs: Infinity });
    if (!delivery) {
      host.send(encodeMethod(this.number, 'basic.get-empty', { clusterId: '' }));
      return;
    }
    if (this.state !== 'open') {
      host.broker.nackNow(queue, [delivery.deliveryTag], true);
      return;
    }
    const tag = this.unacked.add(queue, delivery.deliveryTag, false, !noAck);
    const messageCount = host.broker.getQueue(queue).messagesReady;
    const d = delivery;
    let frames: Buffer;
    try {
      frames = encodeGetOk(this.number, tag, d.redelivered, d.exchange, d.routingKey, messageCount, toBasicProperties(d.properties), d.payload, host.frameMax);
    } catch (error) {
      // Dead-lettered as a reject would (channel-consumers); the client gets the next message instead, within a bound
      // in case a dead-letter exchange routes the rejects back here.
      if (!noAck) this.unacked.take(tag, false);
      rejectUndeliverable(host, d, false, error);
      if (undeliverable < MAX_UNDELIVERABLE_PER_GET) return this.get(queueName, noAck, undeliverable + 1);
      host.send(encodeMethod(this.number, 'basic.get-empty', { clusterId: '' }));
      return;
    }
    if (noAck) host.broker.ackNow(queue, [delivery.deliveryTag]);
    host.rates.deliver.add(wallClockNow());
    host.send(frames);
  }

  /** basic.consume's and basic.get's queue: read permission first, then that it exists and is not locked (RabbitMQ's order). */
  private readableQueue(requested: string): string {
    const queue = this.topology.queueName(requested);
    this.host.access.check(readQueueNeeds(queue), true);
    return this.topology.usableQueue(queue);
  }

  /** basic.recover: every unacked delivery goes back to its queue, redelivered (RabbitMQ has no requeue=false). */
  private recover(requeue: boolean, answer: boolean): void {
    if (!requeue) throw new AmqpError(REPLY.NOT_IMPLEMENTED, 'requeue=false');
    if (this.unacked.size) this.settle(0, true, 'requeue');
    if (answer) this.host.send(encodeMethod(this.number, 'basic.recover-ok'));
  }
}

/** What a held frame costs the connection: its payload and its bookkeeping. */
function frameCost(frame: Frame): number {
  return frame.payload.length + 64;
}
