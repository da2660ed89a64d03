/**
 * @module The behaviour every Store must show, as one vitest suite that each implementation runs
 * (`runStoreContract('sqlite', ...)`, later PostgreSQL). Tests name their own entities and store seqs above the
 * recovered maxSeq, so a database shared between tests does not disturb them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecoveredState, SharedStore, Store } from '../engine/store';
import { type ContractContext, batch } from './store-contract-fixtures';
import { messagesContract } from './store-contract-messages';
import { recoveryContract } from './store-contract-recovery';
import { topologyContract } from './store-contract-topology';
import { vhostsContract } from './store-contract-vhosts';

export interface StoreHarness {
  /** A store on a fresh (or shared) database; `recover()` has not been called yet. */
  store: SharedStore;
  /** Opens another store on the same database; the suite closes the previous one first. */
  reopen: () => Promise<SharedStore>;
  /** Closes whatever the harness opened and removes the database if it owns it. */
  cleanup: () => Promise<void>;
}

/** The vhost the suite runs through `forVhost` besides the plain store; its characters are all legal in RabbitMQ. */
const OTHER_VHOST = 'tenant/a b:%';

export interface ContractOptions {
  /**
   * Runs the whole suite a second time through another vhost's view (default true). A store whose views are the
   * same code over SQL that another run of the suite already covers may skip it; the vhosts part always runs.
   */
  throughVhostView?: boolean;
}

export function runStoreContract(name: string, open: () => Promise<StoreHarness>, options: ContractOptions = {}): void {
  describe(`Store contract: ${name}`, () => {
    // As the plain Store every single-broker caller uses (vhost '/'), and as another vhost's view.
    const scopes = options.throughVhostView === false ? [undefined] : [undefined, OTHER_VHOST];
    for (const vhost of scopes) {
      describe(vhost === undefined ? 'as a plain Store' : `as the Store of vhost '${vhost}'`, () => {
        const scope = (shared: SharedStore) => (vhost === undefined ? shared : shared.forVhost(vhost));
        withContext(open, scope, (ctx) => {
          it('commits an empty batch', async () => {
            await expect(ctx.store.commit(batch())).resolves.toBeUndefined();
          });

          it('reports the kind of database', () => {
            expect(['sqlite', 'postgres']).toContain(ctx.store.kind);
          });

          topologyContract(ctx);
          messagesContract(ctx);
          recoveryContract(ctx);
        });
      });
    }
    withContext(open, (shared) => shared, vhostsContract);
  });
}

/** Opens a fresh harness around each test and hands the parts of the suite a context over it. */
function withContext(open: () => Promise<StoreHarness>, scope: (shared: SharedStore) => Store, parts: (ctx: ContractContext) => void): void {
  let harness: StoreHarness;
  let shared: SharedStore;
  let store: Store;
  let base = 0;

  const reopen = async (): Promise<SharedStore> => {
    await shared.close();
    shared = await harness.reopen();
    store = scope(shared);
    return shared;
  };
  const ctx: ContractContext = {
    get store() {
      return store;
    },
    get shared() {
      return shared;
    },
    get base() {
      return base;
    },
    reopen,
    async restart(): Promise<RecoveredState> {
      await reopen();
      return store.recover();
    },
    loadAll: (queue, priority = 0) => store.loadMessages(queue, priority, 0, 1_000_000),
  };

  beforeEach(async () => {
    harness = await open();
    shared = harness.store;
    store = scope(shared);
    // The engine recovers once at start, before it writes anything.
    base = (await store.recover()).maxSeq;
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  parts(ctx);
}
