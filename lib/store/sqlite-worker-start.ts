/** @module Starting the store's worker thread (and saying plainly why a database cannot be opened), and a bounded wait. */
import fs from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type StoreReply, type WorkerStoreOptions, WORKER_ENTRY } from './sqlite-worker-protocol';

/**
 * The worker's young generation, in MiB. V8 grows a thread's to 32 MiB under load and keeps it; the worker's objects
 * live for one batch, so 8 MiB collects as well and holds about 20 MiB less of the server's memory for good.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Starts a worker on the database and waits for it to have opened, migrated and test-written it. */
export async function startWorker(path: string, migrationsDir: string, maxPageCount: number | undefined): Promise<Worker> {
  const data: WorkerStoreOptions = { module: './sqlite-worker.ts', path, migrationsDir, ...(maxPageCount !== undefined ? { maxPageCount } : {}) };
  const worker = new Worker(WORKER_ENTRY, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      worker.off('exit', exited);
      const why = unwritable(path);
      reject(new Error(`cannot open the SQLite store at ${path}: ${why ? `${why} (${error.message})` : error.message}`));
    };
    const exited = (code: number) => failed(new Error(`the storage worker stopped (exit code ${code})`));
    worker.once('error', failed);
    worker.once('exit', exited);
    worker.once('message', (reply: StoreReply) => {
      worker.off('error', failed);
      worker.off('exit', exited);
      if (reply.ok) resolve();
      else failed(new Error(reply.message));
    });
  });
  return worker;
}

/** Why the database file or its directory cannot be written (SQLite's own words for it are vague), if so. */
function unwritable(path: string): string | undefined {
  if (path === ':memory:') return undefined;
  for (const [what, target] of [
    ['the database file', path],
    ['the directory of the database file', dirname(path)],
  ] as const) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && target === path) continue;
      if (code === 'EROFS') return `${what} is on a read-only file system`;
      if (code === 'EACCES' || code === 'EPERM') return `${what} is read-only for this user`;
      return `${what} cannot be written (${code})`;
    }
  }
  return undefined;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
