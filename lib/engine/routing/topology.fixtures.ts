/**
 * @module Shared by the routing topology-*.test.ts files: a fresh engine for each test, and short ways to declare,
 * bind, publish and read a queue's depth on it.
 */
import { text } from '../../../tests/support/engine-fixture';
import { engine, uid } from '../../../tests/support/fresh-engine';
import type { ExchangeType, FieldTable } from '../types';

export { codeOf, engine, uid, useFreshEngine } from '../../../tests/support/fresh-engine';

export async function exchange(type: ExchangeType, options: { alternateExchange?: string; internal?: boolean } = {}): Promise<string> {
  const name = `x-${type}-${uid()}`;
  await engine.broker.declareExchange(name, { type, ...options });
  return name;
}

export async function queue(): Promise<string> {
  const name = `q-${uid()}`;
  await engine.broker.declareQueue(name);
  return name;
}

export async function bindQueue(source: string, destination: string, routingKey = '', args?: FieldTable): Promise<string> {
  const { binding } = await engine.broker.bind({ source, destination, routingKey, ...(args ? { arguments: args } : {}) });
  return binding.id;
}

export async function bindExchange(source: string, destination: string, routingKey = '', args?: FieldTable): Promise<string> {
  const { binding } = await engine.broker.bind({ source, destination, destinationType: 'exchange', routingKey, ...(args ? { arguments: args } : {}) });
  return binding.id;
}

export function publish(exchangeName: string, routingKey: string, headers?: FieldTable) {
  return engine.broker.publish({ exchange: exchangeName, routingKey, payload: text(`to ${routingKey}`), properties: headers ? { headers } : {} });
}

export const depth = (name: string) => engine.broker.getQueue(name).messagesReady;
