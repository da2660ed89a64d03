import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditLogContract } from './audit-log-contract';
import { SqliteWorkerStore } from './sqlite-worker-store';

// The audit log as the server has it: SQL on the store worker's connection, reached through its proxy.
runAuditLogContract('SqliteAuditLog', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-audit-'));
  const file = path.join(dir, 'store.db');
  let store = await SqliteWorkerStore.open(file);
  return {
    log: store.auditLog(),
    async reopen() {
      await store.close();
      store = await SqliteWorkerStore.open(file);
      return store.auditLog();
    },
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
