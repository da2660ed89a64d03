/**
 * @module A worker thread that checkpoints the store's WAL into the database file with PASSIVE checkpoints, which
 * never take the write lock. Left to the writer, the checkpoint runs inside whichever commit crosses the WAL's size
 * limit, and that commit (with every publisher confirm waiting on it) stalls for the whole copy.
 *
 * The copy is background work: on Linux this thread lowers its own scheduling priority (a thread's nice value is
 * its own there), so on a busy machine it waits for the event loop that delivers messages, never the reverse.
 *
 * Plain JavaScript, started as it is: loaded through tsx, the thread held about 10 MiB more.
 * workerData: `{ path, intervalMs }` (CheckpointerOptions in sqlite-worker.ts).
 */
import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** Nice value of the checkpointing thread (0 is the process's own; 19 the lowest priority). */
const CHECKPOINTER_NICE = 10;

function lowerThisThreadsPriority() {
  try {
    // `/proc/thread-self` names this thread's task; setpriority on a thread id touches that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, CHECKPOINTER_NICE);
  } catch {
    // Not Linux, or not allowed: checkpoints run at the process's priority, as before.
  }
}

const port = parentPort;
const { path, intervalMs } = workerData;
lowerThisThreadsPriority();
const db = new Database(path, { timeout: 5000 });

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly locked: the next tick tries again, and the writer's own backstop checkpoint remains.
  }
}, intervalMs);

port.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  port.close();
});
