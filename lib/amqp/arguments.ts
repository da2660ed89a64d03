/**
 * @module The arguments of queue.declare and exchange.declare as the engine takes them, with the `x-*` mapping
 * the definitions import uses (lib/engine/rabbit-arguments). Bad values come back from the engine as 406.
 * basic.consume's arguments are checked here, as RabbitMQ checks them (406 for a bad `x-priority`).
 */
import { queueArgumentsFromRabbit, type ExchangeDeclaration, type QueueArguments } from '../engine';
import { exchangeArgumentsFromRabbit } from '../engine/rabbit-arguments';
import { REPLY, type AmqpFieldTable, type AmqpFieldValue } from './codec';
import { fromAmqpTable } from './field-values';
import { AmqpError } from './reply-codes';

/**
 * queue.declare's arguments: the `x-*` keys the engine knows, `x-queue-type` included (the engine refuses what it does
 * not serve); others (x-single-active-consumer...) are ignored, except those a quorum queue refuses.
 */
export function queueArguments(table: AmqpFieldTable | undefined, queue = ''): QueueArguments {
  if (!table) return {};
  return queueArgumentsFromRabbit(fromAmqpTable(table), queue).arguments;
}

/** exchange.declare's arguments, read by the engine's one rule (`alternate-exchange` is a setting of its own). */
export function exchangeArguments(table: AmqpFieldTable | undefined, exchange = ''): Pick<ExchangeDeclaration, 'arguments' | 'alternateExchange'> {
  return exchangeArgumentsFromRabbit(fromAmqpTable(table ?? {}), exchange);
}

/** What basic.consume's arguments set for the engine's consumer. */
export interface ConsumeArguments {
  priority?: number;
}

/**
 * basic.consume's arguments: `x-priority`, any integer (RabbitMQ's check_int_arg; negative ones too), else 406.
 * Other keys are ignored, as RabbitMQ ignores the ones it does not know. The decoded table keeps no wire type, so a
 * double that holds a whole number passes here where RabbitMQ would refuse it.
 */
export function consumeArguments(table: AmqpFieldTable | undefined, queue: string, vhost = '/'): ConsumeArguments {
  const priority = table?.['x-priority'];
  if (priority === undefined) return {};
  if (typeof priority !== 'number' || !Number.isInteger(priority)) {
    throw new AmqpError(REPLY.PRECONDITION_FAILED, `invalid arg 'x-priority' for queue '${queue}' in vhost '${vhost}': expected integer, got ${amqpTypeName(priority)}`);
  }
  return { priority };
}

/** The AMQP field type RabbitMQ would name in its message, as near as a decoded value tells. */
function amqpTypeName(value: AmqpFieldValue): string {
  if (value === null) return 'void';
  if (typeof value === 'string') return 'longstr';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'double';
  if (Buffer.isBuffer(value)) return 'binary';
  return Array.isArray(value) ? 'array' : 'table';
}
