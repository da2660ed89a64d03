/**
 * @module A fresh engine for each test of the calling file, read through a live binding (`engine` is always the
 * running test's), with the small helpers the topology tests share: short unique ids and the error code of a call.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { startEngine, type EngineFixture } from './engine-fixture';

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

/** The `code` of the error a call fails with ('no code' for an error without one), or undefined when it succeeds. */
export async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return undefined;
}
