/** @module The exchange types, the exchanges every broker has, and the spelling of the default exchange's name. */
import { DEFAULT_EXCHANGE } from './routing/topology';
import type { ExchangeType } from './types';

/** The exchange types there are (every door refuses others: AMQP 503 COMMAND_INVALID, HTTP 400). */
export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const satisfies readonly ExchangeType[];

export const BUILT_IN_EXCHANGES: { name: string; type: ExchangeType }[] = [
  { name: DEFAULT_EXCHANGE, type: 'direct' },
  { name: 'amq.direct', type: 'direct' },
  { name: 'amq.fanout', type: 'fanout' },
  { name: 'amq.topic', type: 'topic' },
  { name: 'amq.headers', type: 'headers' },
];

export const isBuiltIn = (name: string) => name === DEFAULT_EXCHANGE || name === 'amq.default' || BUILT_IN_EXCHANGES.some((e) => e.name === name);

export function normalizeExchangeName(name: string): string {
  return name === 'amq.default' ? DEFAULT_EXCHANGE : name;
}
