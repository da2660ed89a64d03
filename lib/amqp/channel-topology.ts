/**
 * @module A channel's exchange and queue methods: declare (passive too), delete, bind, unbind and purge, with
 * RabbitMQ's rules for the default exchange, `amq.` names, exclusive queues and the channel's last declared queue.
 */
import { bindingId, type BindingSpec, type ExchangeType } from '../engine';
import { encodeMethod, REPLY, type AmqpFieldTable, type DecodedMethod } from './codec';
import { exchangeArguments, queueArguments } from './arguments';
import type { ChannelHost } from './channel-host';
import { fromAmqpTable } from './field-values';
import { AmqpError } from './reply-codes';

const EXCHANGE_TYPES = new Set<string>(['direct', 'fanout', 'topic', 'headers']);

const noQueue = (name: string) => new AmqpError(REPLY.NOT_FOUND, `no queue '${name}' in vhost '/'`);
const noExchange = (name: string) => new AmqpError(REPLY.NOT_FOUND, `no exchange '${name}' in vhost '/'`);
const defaultExchange = () => new AmqpError(REPLY.ACCESS_REFUSED, `operation not permitted on the default exchange`);

export class ChannelTopology {
  /** The queue this channel declared last: what an empty queue name stands for. */
  private lastQueue: string | undefined;

  constructor(
    private readonly channel: number,
    private readonly host: ChannelHost,
  ) {}

  handle(m: DecodedMethod): void | Promise<void> {
    const a = m.args;
    switch (m.name) {
      case 'exchange.declare':
        return this.declareExchange(a.exchange, a.type, a.passive, a.durable, a.autoDelete, a.internal, a.arguments, a.nowait);
      case 'exchange.delete':
        return this.deleteExchange(a.exchange, a.ifUnused, a.nowait);
      case 'exchange.bind':
      case 'exchange.unbind':
        return this.binding(m.name === 'exchange.bind', { source: a.source, destination: a.destination, destinationType: 'exchange', routingKey: a.routingKey, arguments: a.arguments }, a.nowait);
      case 'queue.declare':
        return this.declareQueue(a.queue, a.passive, a.durable, a.exclusive, a.autoDelete, a.arguments, a.nowait);
      case 'queue.bind':
      case 'queue.unbind':
        return this.binding(m.name === 'queue.bind', { source: a.exchange, destination: this.queueName(a.queue), destinationType: 'queue', routingKey: a.routingKey, arguments: a.arguments }, a.nowait);
      case 'queue.purge':
        return this.purge(a.queue, a.nowait);
      case 'queue.delete':
        return this.deleteQueue(a.queue, a.ifUnused, a.ifEmpty, a.nowait);
      default:
        throw new AmqpError(REPLY.COMMAND_INVALID, `unimplemented method ${m.name}`);
    }
  }

  /** The queue a method names ('' = the last declared), checked to exist and not to be another connection's exclusive queue. */
  usableQueue(name: string): string {
    const queue = this.queueName(name);
    const info = this.host.broker.findQueueInfo(queue);
    if (!info) throw noQueue(queue);
    if (info.exclusiveOwner !== undefined && info.exclusiveOwner !== this.host.id) throw locked(queue);
    return queue;
  }

  private queueName(name: string): string {
    if (name !== '') return name;
    if (this.lastQueue === undefined) throw new AmqpError(REPLY.NOT_FOUND, 'no previously declared queue');
    return this.lastQueue;
  }

  private reply(name: Parameters<typeof encodeMethod>[1], args?: Record<string, unknown>): void {
    this.host.send(encodeMethod(this.channel, name, args));
  }

  private async declareExchange(
    name: string,
    type: string,
    passive: boolean,
    durable: boolean,
    autoDelete: boolean,
    internal: boolean,
    args: AmqpFieldTable | undefined,
    nowait: boolean,
  ): Promise<void> {
    const broker = this.host.broker;
    if (name === '' || name === 'amq.default') {
      if (!passive) throw defaultExchange();
    } else if (passive) {
      if (!broker.findExchange(name)) throw noExchange(name);
    } else {
      if (!EXCHANGE_TYPES.has(type)) throw new AmqpError(REPLY.COMMAND_INVALID, `unknown exchange type '${type}'`);
      const existing = broker.findExchange(name);
      if (existing && existing.type !== type) {
        throw new AmqpError(REPLY.PRECONDITION_FAILED, `inequivalent arg 'type' for exchange '${name}' in vhost '/': received '${type}' but current is '${existing.type}'`);
      }
      await broker.declareExchange(name, { type: type as ExchangeType, durable, autoDelete, internal, ...exchangeArguments(args) });
    }
    if (!nowait) this.reply('exchange.declare-ok');
  }

  private async deleteExchange(name: string, ifUnused: boolean, nowait: boolean): Promise<void> {
    if (name === '' || name === 'amq.default') throw defaultExchange();
    // Deleting an exchange that is not there is not an error (RabbitMQ since 3.2).
    if (this.host.broker.findExchange(name)) {
      if (ifUnused && this.host.broker.outgoingBindings(name).length > 0) {
        throw new AmqpError(REPLY.PRECONDITION_FAILED, `exchange '${name}' in vhost '/' in use`);
      }
      await this.host.broker.deleteExchange(name, { ifUnused });
    }
    if (!nowait) this.reply('exchange.delete-ok');
  }

  private async declareQueue(
    requested: string,
    passive: boolean,
    durable: boolean,
    exclusive: boolean,
    autoDelete: boolean,
    args: AmqpFieldTable | undefined,
    nowait: boolean,
  ): Promise<void> {
    const { broker, id } = this.host;
    let name: string;
    if (passive) {
      name = this.usableQueue(requested);
    } else {
      if (requested.startsWith('amq.')) throw new AmqpError(REPLY.ACCESS_REFUSED, `queue name '${requested}' contains reserved prefix 'amq.*'`);
      const existing = requested === '' ? undefined : broker.findQueueInfo(requested);
      if (existing && (existing.exclusiveOwner ?? id) !== id) throw locked(requested);
      const result = await broker.declareQueue(requested, { durable, autoDelete, arguments: queueArguments(args), ...(exclusive ? { exclusiveOwner: id } : {}) });
      name = result.queue.name;
      if (result.created && exclusive) {
        // The connection went away while the declare was being stored: its exclusive queue goes with it.
        if (this.host.released) return void (await broker.deleteQueue(name).catch(() => undefined));
        this.host.exclusiveQueues.add(name);
      }
    }
    this.lastQueue = name;
    if (nowait) return;
    const stats = broker.getQueue(name);
    this.reply('queue.declare-ok', { queue: name, messageCount: stats.messagesReady, consumerCount: stats.consumers });
  }

  private async binding(bind: boolean, spec: BindingSpec, nowait: boolean): Promise<void> {
    const broker = this.host.broker;
    if (spec.source === '' || spec.source === 'amq.default') throw defaultExchange();
    if (spec.destinationType === 'queue') this.usableQueue(spec.destination);
    else if (!broker.findExchange(spec.destination)) throw noExchange(spec.destination);
    if (!broker.findExchange(spec.source)) throw noExchange(spec.source);
    const full: BindingSpec = { ...spec, arguments: fromAmqpTable(spec.arguments ?? {}) };
    if (bind) {
      await broker.bind(full);
    } else {
      const id = bindingId(full);
      // Removing a binding that is not there is not an error, as in RabbitMQ.
      if (broker.outgoingBindings(full.source).some((b) => b.id === id)) await broker.unbind(id);
    }
    if (nowait) return;
    const ok = spec.destinationType === 'queue' ? (bind ? 'queue.bind-ok' : 'queue.unbind-ok') : bind ? 'exchange.bind-ok' : 'exchange.unbind-ok';
    this.reply(ok);
  }

  private async purge(requested: string, nowait: boolean): Promise<void> {
    const name = this.usableQueue(requested);
    const messageCount = await this.host.broker.purgeQueue(name);
    if (!nowait) this.reply('queue.purge-ok', { messageCount });
  }

  private async deleteQueue(requested: string, ifUnused: boolean, ifEmpty: boolean, nowait: boolean): Promise<void> {
    const name = this.queueName(requested);
    const broker = this.host.broker;
    let messageCount = 0;
    // Deleting a queue that is not there is not an error (RabbitMQ since 3.2).
    if (broker.findQueueInfo(name)) {
      this.usableQueue(name);
      const stats = broker.getQueue(name);
      if (ifUnused && stats.consumers > 0) throw new AmqpError(REPLY.PRECONDITION_FAILED, `queue '${name}' in vhost '/' in use`);
      if (ifEmpty && stats.messagesReady > 0) throw new AmqpError(REPLY.PRECONDITION_FAILED, `queue '${name}' in vhost '/' is not empty`);
      messageCount = await broker.deleteQueue(name);
      this.host.exclusiveQueues.delete(name);
    }
    if (!nowait) this.reply('queue.delete-ok', { messageCount });
  }
}

function locked(name: string): AmqpError {
  return new AmqpError(
    REPLY.RESOURCE_LOCKED,
    `cannot obtain exclusive access to locked queue '${name}' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
  );
}
