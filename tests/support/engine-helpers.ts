/**
 * @module Small helpers for engine tests: unique names, dead-letter targets, publishing and draining text messages.
 */
import { randomUUID } from 'node:crypto';
import type { Broker } from '../../lib/engine/broker';
import type { QueueDeclaration } from '../../lib/engine/broker-types';
import { readDeaths } from '../../lib/engine/dead-letter';
import type { DeathEntry, Delivery, MessageProperties, PublishResult } from '../../lib/engine/types';
import { settle, text } from './engine-fixture';

/** A name no other test uses. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Declares a queue with a unique name and returns the name. */
export async function newQueue(broker: Broker, prefix: string, declaration: QueueDeclaration = {}): Promise<string> {
  const name = unique(prefix);
  await broker.declareQueue(name, declaration);
  return name;
}

/** A fanout dead-letter exchange with one queue bound to it. */
export async function newDeadLetterTarget(broker: Broker): Promise<{ exchange: string; queue: string }> {
  const exchange = unique('dlx');
  const queue = unique('dlq');
  await broker.declareExchange(exchange, { type: 'fanout' });
  await broker.declareQueue(queue);
  await broker.bind({ source: exchange, destination: queue });
  return { exchange, queue };
}

/** Publishes a text message to a queue through the default exchange. */
export function send(broker: Broker, queue: string, body: string, properties?: MessageProperties): Promise<PublishResult> {
  return broker.publish({ exchange: '', routingKey: queue, payload: text(body), ...(properties ? { properties } : {}) });
}

export const bodies = (deliveries: readonly Delivery[]) => deliveries.map((d) => d.payload.toString());

/** Receives (and leases) everything ready now. */
export function receiveAll(broker: Broker, queue: string, visibilityTimeoutMs = 30_000): Promise<Delivery[]> {
  return broker.receive(queue, { max: 1000, visibilityTimeoutMs });
}

export const deathsOf = (delivery: Delivery): DeathEntry[] => readDeaths(delivery.properties.headers);

export const counts = (broker: Broker, queue: string) => {
  const { messagesReady, messagesUnacked, messages } = broker.getQueue(queue);
  return { ready: messagesReady, unacked: messagesUnacked, messages };
};

/** Lets chained paging work finish (each page-in takes a few event-loop turns). */
export async function settleAll(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await settle();
}

/** Receives until `count` messages came or nothing more arrives (paged-out messages come in over several turns). */
export async function drain(broker: Broker, queue: string, count: number): Promise<Delivery[]> {
  const got: Delivery[] = [];
  for (let round = 0; round < 20 && got.length < count; round++) {
    got.push(...(await receiveAll(broker, queue)));
    await settleAll(3);
  }
  return got;
}
