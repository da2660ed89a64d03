/**
 * @module Shared by the broker-topology-*.test.ts files: a fresh engine for each test, unique names, and the error
 * code a call fails with.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';

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
export const name = (prefix: string) => `${prefix}-${uid()}`;

export async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return undefined;
}

export const noop = () => undefined;
