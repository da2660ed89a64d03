/**
 * @module A worker thread that checkpoints the store's WAL into the database file with PASSIVE checkpoints, which
 * never take the write lock. Left to the writer, the checkpoint runs inside whichever commit crosses the WAL's size
 * limit, and that commit (with every publisher confirm waiting on it) stalls for the whole copy.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointerOptions {
  path: string;
  intervalMs: number;
}

const port = parentPort!;
const { path, intervalMs } = workerData as CheckpointerOptions;
const db = new Database(path, { timeout: 5000 });

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly locked: the next tick tries again, and the writer's own backstop checkpoint remains.
  }
}, intervalMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  port.close();
});
