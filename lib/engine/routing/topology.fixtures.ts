/**
 * @module Shared by the routing topology-*.test.ts files: a fresh engine for each test, and short ways to declare,
 * bind, publish and read a queue's depth on it.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../../tests/support/engine-fixture';
import type { ExchangeType, FieldTable } from '../types';

/** The engine of the test that is running (a live binding, set by `useFreshEngine`). */
export let engine: EngineFixture;

/** Starts a new engine before each test of the calling file and cleans it up after. */
export function useFreshEngine(): void {
  beforeEach(async () => {
    engine = await startEngine();
  });
  afterEach(async () => {
    await engine.cleanup();
  });
}

export const uid = () => randomUUID().slice(0, 8);

export async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return undefined;
}

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
