/**
 * @module The one list of AMQP 0-9-1 methods as RabbitMQ implements them (spec, errata and extensions), from which
 * the generic encoder and decoder are driven. Argument names are camelCase exactly as amqplib's defs.js spells them.
 */
import { encodeError } from './wire';

/**
 * Wire types of method arguments. `longstr` decodes to a string; `bytes` is a longstr that decodes to a Buffer,
 * used for SASL challenge/response payloads, which are binary ("\0user\0pass" for PLAIN).
 */
export type ArgType = 'bit' | 'octet' | 'short' | 'long' | 'longlong' | 'shortstr' | 'longstr' | 'bytes' | 'table';

export interface MethodSpec {
  readonly name: string;
  readonly classId: number;
  readonly methodId: number;
  readonly args: readonly (readonly [string, ArgType])[];
  readonly hasContent: boolean;
}

function m<const N extends string>(
  classId: number,
  methodId: number,
  name: N,
  args: readonly (readonly [string, ArgType])[] = [],
  hasContent = false,
): MethodSpec & { readonly name: N } {
  return { name, classId, methodId, args, hasContent };
}

export const METHOD_SPECS = [
  m(10, 10, 'connection.start', [['versionMajor', 'octet'], ['versionMinor', 'octet'], ['serverProperties', 'table'], ['mechanisms', 'longstr'], ['locales', 'longstr']]),
  m(10, 11, 'connection.start-ok', [['clientProperties', 'table'], ['mechanism', 'shortstr'], ['response', 'bytes'], ['locale', 'shortstr']]),
  m(10, 20, 'connection.secure', [['challenge', 'bytes']]),
  m(10, 21, 'connection.secure-ok', [['response', 'bytes']]),
  m(10, 30, 'connection.tune', [['channelMax', 'short'], ['frameMax', 'long'], ['heartbeat', 'short']]),
  m(10, 31, 'connection.tune-ok', [['channelMax', 'short'], ['frameMax', 'long'], ['heartbeat', 'short']]),
  m(10, 40, 'connection.open', [['virtualHost', 'shortstr'], ['capabilities', 'shortstr'], ['insist', 'bit']]),
  m(10, 41, 'connection.open-ok', [['knownHosts', 'shortstr']]),
  m(10, 50, 'connection.close', [['replyCode', 'short'], ['replyText', 'shortstr'], ['classId', 'short'], ['methodId', 'short']]),
  m(10, 51, 'connection.close-ok'),
  m(10, 60, 'connection.blocked', [['reason', 'shortstr']]),
  m(10, 61, 'connection.unblocked'),
  m(10, 70, 'connection.update-secret', [['newSecret', 'longstr'], ['reason', 'shortstr']]),
  m(10, 71, 'connection.update-secret-ok'),

  m(20, 10, 'channel.open', [['outOfBand', 'shortstr']]),
  m(20, 11, 'channel.open-ok', [['channelId', 'longstr']]),
  m(20, 20, 'channel.flow', [['active', 'bit']]),
  m(20, 21, 'channel.flow-ok', [['active', 'bit']]),
  m(20, 40, 'channel.close', [['replyCode', 'short'], ['replyText', 'shortstr'], ['classId', 'short'], ['methodId', 'short']]),
  m(20, 41, 'channel.close-ok'),

  // Removed from 0-9-1 but still answered by RabbitMQ (ticket 1) for old clients.
  m(30, 10, 'access.request', [['realm', 'shortstr'], ['exclusive', 'bit'], ['passive', 'bit'], ['active', 'bit'], ['write', 'bit'], ['read', 'bit']]),
  m(30, 11, 'access.request-ok', [['ticket', 'short']]),

  m(40, 10, 'exchange.declare', [['ticket', 'short'], ['exchange', 'shortstr'], ['type', 'shortstr'], ['passive', 'bit'], ['durable', 'bit'], ['autoDelete', 'bit'], ['internal', 'bit'], ['nowait', 'bit'], ['arguments', 'table']]),
  m(40, 11, 'exchange.declare-ok'),
  m(40, 20, 'exchange.delete', [['ticket', 'short'], ['exchange', 'shortstr'], ['ifUnused', 'bit'], ['nowait', 'bit']]),
  m(40, 21, 'exchange.delete-ok'),
  m(40, 30, 'exchange.bind', [['ticket', 'short'], ['destination', 'shortstr'], ['source', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']]),
  m(40, 31, 'exchange.bind-ok'),
  m(40, 40, 'exchange.unbind', [['ticket', 'short'], ['destination', 'shortstr'], ['source', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']]),
  // 51, not 41: RabbitMQ's extension numbers it so, and every client follows.
  m(40, 51, 'exchange.unbind-ok'),

  m(50, 10, 'queue.declare', [['ticket', 'short'], ['queue', 'shortstr'], ['passive', 'bit'], ['durable', 'bit'], ['exclusive', 'bit'], ['autoDelete', 'bit'], ['nowait', 'bit'], ['arguments', 'table']]),
  m(50, 11, 'queue.declare-ok', [['queue', 'shortstr'], ['messageCount', 'long'], ['consumerCount', 'long']]),
  m(50, 20, 'queue.bind', [['ticket', 'short'], ['queue', 'shortstr'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['nowait', 'bit'], ['arguments', 'table']]),
  m(50, 21, 'queue.bind-ok'),
  m(50, 30, 'queue.purge', [['ticket', 'short'], ['queue', 'shortstr'], ['nowait', 'bit']]),
  m(50, 31, 'queue.purge-ok', [['messageCount', 'long']]),
  m(50, 40, 'queue.delete', [['ticket', 'short'], ['queue', 'shortstr'], ['ifUnused', 'bit'], ['ifEmpty', 'bit'], ['nowait', 'bit']]),
  m(50, 41, 'queue.delete-ok', [['messageCount', 'long']]),
  m(50, 50, 'queue.unbind', [['ticket', 'short'], ['queue', 'shortstr'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['arguments', 'table']]),
  m(50, 51, 'queue.unbind-ok'),

  m(60, 10, 'basic.qos', [['prefetchSize', 'long'], ['prefetchCount', 'short'], ['global', 'bit']]),
  m(60, 11, 'basic.qos-ok'),
  m(60, 20, 'basic.consume', [['ticket', 'short'], ['queue', 'shortstr'], ['consumerTag', 'shortstr'], ['noLocal', 'bit'], ['noAck', 'bit'], ['exclusive', 'bit'], ['nowait', 'bit'], ['arguments', 'table']]),
  m(60, 21, 'basic.consume-ok', [['consumerTag', 'shortstr']]),
  m(60, 30, 'basic.cancel', [['consumerTag', 'shortstr'], ['nowait', 'bit']]),
  m(60, 31, 'basic.cancel-ok', [['consumerTag', 'shortstr']]),
  m(60, 40, 'basic.publish', [['ticket', 'short'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['mandatory', 'bit'], ['immediate', 'bit']], true),
  m(60, 50, 'basic.return', [['replyCode', 'short'], ['replyText', 'shortstr'], ['exchange', 'shortstr'], ['routingKey', 'shortstr']], true),
  m(60, 60, 'basic.deliver', [['consumerTag', 'shortstr'], ['deliveryTag', 'longlong'], ['redelivered', 'bit'], ['exchange', 'shortstr'], ['routingKey', 'shortstr']], true),
  m(60, 70, 'basic.get', [['ticket', 'short'], ['queue', 'shortstr'], ['noAck', 'bit']]),
  m(60, 71, 'basic.get-ok', [['deliveryTag', 'longlong'], ['redelivered', 'bit'], ['exchange', 'shortstr'], ['routingKey', 'shortstr'], ['messageCount', 'long']], true),
  m(60, 72, 'basic.get-empty', [['clusterId', 'shortstr']]),
  m(60, 80, 'basic.ack', [['deliveryTag', 'longlong'], ['multiple', 'bit']]),
  m(60, 90, 'basic.reject', [['deliveryTag', 'longlong'], ['requeue', 'bit']]),
  m(60, 100, 'basic.recover-async', [['requeue', 'bit']]),
  m(60, 110, 'basic.recover', [['requeue', 'bit']]),
  m(60, 111, 'basic.recover-ok'),
  m(60, 120, 'basic.nack', [['deliveryTag', 'longlong'], ['multiple', 'bit'], ['requeue', 'bit']]),

  m(85, 10, 'confirm.select', [['nowait', 'bit']]),
  m(85, 11, 'confirm.select-ok'),

  m(90, 10, 'tx.select'),
  m(90, 11, 'tx.select-ok'),
  m(90, 20, 'tx.commit'),
  m(90, 21, 'tx.commit-ok'),
  m(90, 30, 'tx.rollback'),
  m(90, 31, 'tx.rollback-ok'),
] as const;

/** Every method, dotted lowercase, spec spelling. */
export type MethodName = (typeof METHOD_SPECS)[number]['name'];

const BY_NAME = new Map<string, MethodSpec>(METHOD_SPECS.map((s) => [s.name, s]));
const BY_ID = new Map<number, MethodSpec>(METHOD_SPECS.map((s) => [methodKey(s.classId, s.methodId), s]));

export function methodKey(classId: number, methodId: number): number {
  return classId * 0x1_0000 + methodId;
}

export function findMethodSpec(classId: number, methodId: number): MethodSpec | undefined {
  return BY_ID.get(methodKey(classId, methodId));
}

export function getMethodSpec(name: string): MethodSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw encodeError(`unknown AMQP method ${JSON.stringify(name)}`);
  return spec;
}
