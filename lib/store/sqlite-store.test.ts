import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SharedStore } from '../engine/store';
import { SqliteStore } from './sqlite-store';
import { runStoreContract } from './store-contract';

runStoreContract('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-'));
  const file = path.join(dir, 'store.db');
  const opened: SharedStore[] = [];
  const openOne = (): SharedStore => {
    const store = SqliteStore.open(file);
    opened.push(store);
    return store;
  };
  return {
    store: openOne(),
    reopen: async () => openOne(),
    cleanup: async () => {
      for (const store of opened) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
