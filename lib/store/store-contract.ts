/**
 * @module The behaviour every Store must show, as one vitest suite that each implementation runs
 * (`runStoreContract('sqlite', ...)`, later PostgreSQL). Tests name their own entities and store seqs above the
 * recovered maxSeq, so a database shared between tests does not disturb them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecoveredState, Store } from '../engine/store';
import { type ContractContext, batch } from './store-contract-fixtures';
import { messagesContract } from './store-contract-messages';
import { recoveryContract } from './store-contract-recovery';
import { topologyContract } from './store-contract-topology';

export interface StoreHarness {
  /** A store on a fresh (or shared) database; `recover()` has not been called yet. */
  store: Store;
  /** Opens another store on the same database; the suite closes the previous one first. */
  reopen: () => Promise<Store>;
  /** Closes whatever the harness opened and removes the database if it owns it. */
  cleanup: () => Promise<void>;
}

export function runStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let base = 0;

    const ctx: ContractContext = {
      get store() {
        return store;
      },
      get base() {
        return base;
      },
      async restart(): Promise<RecoveredState> {
        await store.close();
        store = await harness.reopen();
        return store.recover();
      },
      loadAll: (queue, priority = 0) => store.loadMessages(queue, priority, 0, 1_000_000),
    };

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      // The engine recovers once at start, before it writes anything.
      base = (await store.recover()).maxSeq;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('commits an empty batch', async () => {
      await expect(store.commit(batch())).resolves.toBeUndefined();
    });

    it('reports the kind of database', () => {
      expect(['sqlite', 'postgres']).toContain(store.kind);
    });

    topologyContract(ctx);
    messagesContract(ctx);
    recoveryContract(ctx);
  });
}
