/**
 * @module A channel's exchange and queue methods: declare (passive too), delete, bind, unbind and purge, each checked
 * against the connection's permissions in RabbitMQ's order, with its rules for the default exchange, `amq.` names,
 * exclusive queues and the channel's last declared queue; what they change is audited.
 */
import { randomUUID } from 'node:crypto';
import { bindNeeds, declareExchangeNeeds, declareQueueNeeds, deleteExchangeNeeds, deleteQueueNeeds, readQueueNeeds } from '../access/operations';
import { bindingId, type BindingSpec, type ExchangeInfo, type ExchangeType } from '../engine';
import { encodeMethod, REPLY, type AmqpFieldTable, type DecodedMethod } from './codec';
import { exchangeArguments, queueArguments } from './arguments';
import type { ChannelHost } from './channel-host';
import { resourceName } from './connection-access';
import { EXCHANGE_TYPES } from '../engine/built-in-exchanges';
import { isReservedName } from '../engine/names';
import { fromAmqpTable } from './field-values';
import { AmqpError } from './reply-codes';

const EXCHANGE_TYPE_SET = new Set<string>(EXCHANGE_TYPES);

const noQueue = (name: string, vhost: string) => new AmqpError(REPLY.NOT_FOUND, `no queue '${name}' in vhost '${vhost}'`);
const noExchange = (name: string, vhost: string) => new AmqpError(REPLY.NOT_FOUND, `no exchange '${name}' in vhost '${vhost}'`);
const defaultExchange = () => new AmqpError(REPLY.ACCESS_REFUSED, `operation not permitted on the default exchange`);
const reservedName = (kind: 'queue' | 'exchange', name: string) => new AmqpError(REPLY.ACCESS_REFUSED, `${kind} name '${name}' contains reserved prefix 'amq.*'`);
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
    if (!info) throw noQueue(queue, this.host.vhost);
    if (info.exclusiveOwner !== undefined && info.exclusiveOwner !== this.host.id) throw locked(queue, this.host.vhost);
    return queue;
  }

  /** The queue a method names: '' is the one this channel declared last. */
  queueName(name: string): string {
    if (name !== '') return name;
    if (this.lastQueue === undefined) throw new AmqpError(REPLY.NOT_FOUND, 'no previously declared queue');
    return this.lastQueue;
  }

  /** An exchange by the name a client gave: `amq.default` is only the default exchange's name to permissions. */
  private findExchange(name: string): ExchangeInfo | undefined {
    return name === 'amq.default' ? undefined : this.host.broker.findExchange(name);
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
    const { broker, access, vhost } = this.host;
    if (!passive && !EXCHANGE_TYPE_SET.has(type)) throw new AmqpError(REPLY.COMMAND_INVALID, `unknown exchange type '${type}'`);
    // RabbitMQ 3.10 refuses even a passive declare of the default exchange.
    if (name === '') throw defaultExchange();
    if (passive) {
      // A passive declare needs no permission, as in RabbitMQ: it only asks whether the exchange exists.
      if (!this.findExchange(name)) throw noExchange(name, vhost);
    } else {
      access.check(declareExchangeNeeds(name), true);
      const existing = this.findExchange(name);
      const settings = exchangeArguments(args, name);
      if (!existing) {
        if (isReservedName(name)) throw reservedName('exchange', name);
        if (settings.alternateExchange !== undefined) access.check(declareExchangeNeeds(name, settings.alternateExchange), true);
      }
      const result = await broker.declareExchange(name, { type: type as ExchangeType, durable, autoDelete, internal, ...settings });
      if (result.created) access.record('exchange.declare', { resource: resourceName('exchange', name), detail: { type, durable, autoDelete, internal } });
    }
    if (!nowait) this.reply('exchange.declare-ok');
  }

  private async deleteExchange(name: string, ifUnused: boolean, nowait: boolean): Promise<void> {
    const { broker, access, vhost } = this.host;
    if (name === '') throw defaultExchange();
    if (isReservedName(name)) throw new AmqpError(REPLY.ACCESS_REFUSED, `deletion of system exchange '${name}' in vhost '${vhost}' not allowed`);
    access.check(deleteExchangeNeeds(name), true);
    // Deleting an exchange that is not there is not an error (RabbitMQ since 3.2).
    if (broker.findExchange(name)) {
      if (ifUnused && broker.outgoingBindings(name).length > 0) throw new AmqpError(REPLY.PRECONDITION_FAILED, `exchange '${name}' in vhost '${vhost}' in use`);
      await broker.deleteExchange(name, { ifUnused });
      access.record('exchange.delete', { resource: resourceName('exchange', name) });
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
    const { broker, id, access, vhost } = this.host;
    let name: string;
    if (passive) {
      // No permission needed (RabbitMQ): it only asks whether the queue exists.
      name = this.usableQueue(requested);
    } else {
      if (isReservedName(requested)) throw reservedName('queue', requested);
      // The engine names a server-named queue itself; the permission is checked on a name of the same form.
      const checked = requested === '' ? `amq.gen-${randomUUID()}` : requested;
      access.check(declareQueueNeeds(checked), true);
      const existing = requested === '' ? undefined : broker.findQueueInfo(requested);
      if (existing && (existing.exclusiveOwner ?? id) !== id) throw locked(requested, vhost);
      const deadLetterExchange = existing ? undefined : deadLetterExchangeOf(args);
      if (deadLetterExchange !== undefined) access.check(declareQueueNeeds(checked, deadLetterExchange), true);
      const result = await broker.declareQueue(requested, { durable, autoDelete, arguments: queueArguments(args, requested), ...(exclusive ? { exclusiveOwner: id } : {}) });
      name = result.queue.name;
      if (result.created && exclusive) {
        // The connection went away while the declare was being stored: its exclusive queue goes with it.
        if (this.host.released) return void (await broker.deleteQueue(name).catch(() => undefined));
        this.host.exclusiveQueues.add(name);
      }
      if (result.created) access.record('queue.declare', { resource: resourceName('queue', name), detail: { durable, exclusive, autoDelete } });
    }
    this.lastQueue = name;
    if (nowait) return;
    const stats = broker.getQueue(name);
    this.reply('queue.declare-ok', { queue: name, messageCount: stats.messagesReady, consumerCount: stats.consumers });
  }

  /** queue.bind and exchange.bind, and their unbinds: write on the destination, the default exchange rule, read on the source. */
  private async binding(bind: boolean, spec: BindingSpec, nowait: boolean): Promise<void> {
    const { broker, access, vhost } = this.host;
    const [write, read] = bindNeeds(spec.source, spec.destinationType, spec.destination);
    access.check([write], true);
    if (spec.source === '' || (spec.destinationType === 'exchange' && spec.destination === '')) throw defaultExchange();
    access.check([read], true);
    if (spec.destinationType === 'queue') this.usableQueue(spec.destination);
    else if (!this.findExchange(spec.destination)) throw noExchange(spec.destination, vhost);
    if (!this.findExchange(spec.source)) throw noExchange(spec.source, vhost);
    const full: BindingSpec = { ...spec, arguments: fromAmqpTable(spec.arguments ?? {}) };
    let changed: boolean;
    if (bind) {
      changed = (await broker.bind(full)).created;
    } else {
      const id = bindingId(full);
      // Removing a binding that is not there is not an error, as in RabbitMQ.
      changed = broker.outgoingBindings(full.source).some((b) => b.id === id);
      if (changed) await broker.unbind(id);
    }
    const action = `${spec.destinationType}.${bind ? 'bind' : 'unbind'}` as const;
    if (changed) {
      const resource = `${resourceName('exchange', spec.source)} -> ${resourceName(spec.destinationType, spec.destination)}`;
      access.record(action, { resource, detail: { routingKey: spec.routingKey } });
    }
    if (!nowait) this.reply(`${action}-ok`);
  }

  private async purge(requested: string, nowait: boolean): Promise<void> {
    const { broker, access } = this.host;
    const name = this.queueName(requested);
    access.check(readQueueNeeds(name), true);
    this.usableQueue(name);
    const messageCount = await broker.purgeQueue(name);
    access.record('queue.purge', { resource: resourceName('queue', name), affected: messageCount });
    if (!nowait) this.reply('queue.purge-ok', { messageCount });
  }

  private async deleteQueue(requested: string, ifUnused: boolean, ifEmpty: boolean, nowait: boolean): Promise<void> {
    const { broker, access, vhost } = this.host;
    const name = this.queueName(requested);
    access.check(deleteQueueNeeds(name), true);
    let messageCount = 0;
    // Deleting a queue that is not there is not an error (RabbitMQ since 3.2).
    if (broker.findQueueInfo(name)) {
      this.usableQueue(name);
      const stats = broker.getQueue(name);
      if (ifUnused && stats.consumers > 0) throw new AmqpError(REPLY.PRECONDITION_FAILED, `queue '${name}' in vhost '${vhost}' in use`);
      if (ifEmpty && stats.messagesReady > 0) throw new AmqpError(REPLY.PRECONDITION_FAILED, `queue '${name}' in vhost '${vhost}' is not empty`);
      messageCount = await broker.deleteQueue(name);
      this.host.exclusiveQueues.delete(name);
      access.record('queue.delete', { resource: resourceName('queue', name), affected: messageCount });
    }
    if (!nowait) this.reply('queue.delete-ok', { messageCount });
  }
}

/** queue.declare's `x-dead-letter-exchange`, when given: it needs write permission too. */
function deadLetterExchangeOf(args: AmqpFieldTable | undefined): string | undefined {
  const value = args?.['x-dead-letter-exchange'];
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

function locked(name: string, vhost: string): AmqpError {
  return new AmqpError(
    REPLY.RESOURCE_LOCKED,
    `cannot obtain exclusive access to locked queue '${name}' in vhost '${vhost}'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
  );
}
