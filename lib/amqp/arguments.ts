/**
 * @module The arguments of queue.declare and exchange.declare as the engine takes them, with the `x-*` mapping
 * the definitions import uses (lib/engine/rabbit-arguments). Bad values come back from the engine as 406.
 */
import { queueArgumentsFromRabbit, type ExchangeDeclaration, type QueueArguments } from '../engine';
import type { AmqpFieldTable } from './codec';
import { fromAmqpTable } from './field-values';

/** queue.declare's arguments: the `x-*` keys the engine knows; others (x-queue-mode, x-single-active-consumer...) are ignored. */
export function queueArguments(table: AmqpFieldTable | undefined): QueueArguments {
  if (!table) return {};
  return queueArgumentsFromRabbit(fromAmqpTable(table)).arguments;
}

/** exchange.declare's arguments: `alternate-exchange` is a setting of its own; the rest is kept as given. */
export function exchangeArguments(table: AmqpFieldTable | undefined): Pick<ExchangeDeclaration, 'arguments' | 'alternateExchange'> {
  const { 'alternate-exchange': alternate, ...rest } = fromAmqpTable(table ?? {});
  return typeof alternate === 'string' ? { arguments: rest, alternateExchange: alternate } : { arguments: rest };
}
