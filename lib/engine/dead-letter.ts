/**
 * @module Dead-lettering as RabbitMQ does it: the x-death history, the x-first/last-death headers,
 * the dead-letter routing keys, and the cycle rule.
 */
import type { DeathEntry, DeathReason, FieldTable, FieldValue, MessageProperties, QueuedMessage, QueueArguments } from './types';

export interface DeadLetterPlan {
  exchange: string;
  routingKeys: string[];
  properties: MessageProperties;
  deaths: DeathEntry[];
}

export function readDeaths(headers: FieldTable | undefined): DeathEntry[] {
  const value = headers?.['x-death'];
  return Array.isArray(value) ? (value as unknown as DeathEntry[]) : [];
}

/**
 * Records one death of `message` in `queue` and works out where it goes next.
 * A repeat of the same {queue, reason} bumps the count and moves the entry to the front, keeping its other fields.
 */
export function planDeadLetter(
  message: QueuedMessage,
  queue: string,
  args: QueueArguments,
  reason: DeathReason,
  nowMs: number,
): DeadLetterPlan {
  const headers: FieldTable = { ...(message.properties.headers ?? {}) };
  const deaths = readDeaths(headers).map((entry) => ({ ...entry }));
  const index = deaths.findIndex((entry) => entry.queue === queue && entry.reason === reason);
  if (index >= 0) {
    const [entry] = deaths.splice(index, 1);
    entry.count += 1;
    deaths.unshift(entry);
  } else {
    const entry: DeathEntry = {
      count: 1,
      reason,
      queue,
      time: Math.floor(nowMs / 1000),
      exchange: message.exchange,
      'routing-keys': message.routingKeys,
    };
    if (message.properties.expirationMs !== undefined) entry['original-expiration'] = String(message.properties.expirationMs);
    deaths.unshift(entry);
  }
  headers['x-death'] = deaths as unknown as FieldValue;
  if (headers['x-first-death-queue'] === undefined) {
    headers['x-first-death-queue'] = queue;
    headers['x-first-death-reason'] = reason;
    headers['x-first-death-exchange'] = message.exchange;
  }
  headers['x-last-death-queue'] = queue;
  headers['x-last-death-reason'] = reason;
  headers['x-last-death-exchange'] = message.exchange;

  let routingKeys = message.routingKeys;
  if (args.deadLetterRoutingKey !== undefined) {
    routingKeys = [args.deadLetterRoutingKey];
    delete headers.CC;
  }
  const { expirationMs: _dropped, ...rest } = message.properties;
  return {
    exchange: args.deadLetterExchange ?? '',
    routingKeys,
    properties: { ...rest, headers },
    deaths,
  };
}

/**
 * RabbitMQ's cycle rule: dead-lettering into `target` is a cycle when, walking the deaths from the most
 * recent, an entry for `target` comes before any `rejected` one. A rejection always breaks the cycle.
 */
export function isDeathCycle(target: string, deaths: readonly DeathEntry[]): boolean {
  for (const entry of deaths) {
    if (entry.reason === 'rejected') return false;
    if (entry.queue === target) return true;
  }
  return false;
}
