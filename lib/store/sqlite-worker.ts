/**
 * @module The worker thread behind {@link SqliteWorkerStore}: owns the SQLite connection, so a commit's fsync
 * blocks this thread and never the one that parses frames and delivers messages.
 */
import { once } from 'node:events';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './sqlite-store';
import { unpackInserts } from './packed-inserts';
import { packRecovery } from './packed-recovery';
import type { StoreReply, StoreRequest, WorkerStoreOptions } from './sqlite-worker-protocol';

/** What the checkpointer thread (sqlite-checkpointer.mjs, plain JavaScript: no TypeScript loader in it) is given. */
interface CheckpointerOptions {
  path: string;
  intervalMs: number;
}

const CHECKPOINTER = new URL('./sqlite-checkpointer.mjs', import.meta.url);

/** How often the checkpointer copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 50;
/** The writer's own checkpoint, only if the checkpointer falls this far behind (about 40 MiB of WAL). */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** SQLite's own default, for when the checkpointer is gone. */
const DEFAULT_CHECKPOINT_PAGES = 1000;

const port = parentPort!;
const options = workerData as WorkerStoreOptions;

let store: SqliteStore;
let checkpointer: Worker | undefined;

function startCheckpointer(): void {
  const checkpointing: CheckpointerOptions = { path: options.path, intervalMs: CHECKPOINT_INTERVAL_MS };
  const worker = new Worker(CHECKPOINTER, { workerData: checkpointing });
  checkpointer = worker;
  worker.on('error', (error) => console.error(`Switchboard: the WAL checkpointer failed (${error.message}); commits checkpoint as SQLite does by default`));
  worker.once('exit', () => {
    if (checkpointer !== worker) return;
    checkpointer = undefined;
    store.setAutoCheckpointPages(DEFAULT_CHECKPOINT_PAGES);
  });
}

/** Stops the checkpointer and waits for its connection to close. */
async function stopCheckpointer(): Promise<void> {
  const worker = checkpointer;
  if (!worker) return;
  checkpointer = undefined;
  const exited = once(worker, 'exit');
  worker.postMessage('stop');
  await exited;
}

try {
  store = SqliteStore.open(options.path, options.migrationsDir);
  if (options.maxPageCount !== undefined) store.setMaxPageCount(options.maxPageCount);
  try {
    // SQLite opens a file it may not write read-only without a word: find out now, not at the first publish.
    store.probeNow();
  } catch (error) {
    throw new Error(`the database cannot be written (${(error as Error).message})`);
  }
  if (options.path !== ':memory:') {
    store.setAutoCheckpointPages(BACKSTOP_CHECKPOINT_PAGES);
    startCheckpointer();
  }
  port.postMessage({ id: 0, ok: true, value: null } satisfies StoreReply);
} catch (error) {
  port.postMessage({ id: 0, ok: false, message: (error as Error).message } satisfies StoreReply);
  process.exit(1);
}

async function handle(request: StoreRequest): Promise<unknown> {
  switch (request.op) {
    case 'recover':
      return packRecovery(await store.recover(request.vhost));
    case 'commit':
      return store.commit({ ...request.batch, inserts: unpackInserts(request.inserts) }, request.vhost);
    case 'loadMessages':
      return store.loadMessages(request.queue, request.priority, request.afterSeq, request.limit, request.vhost);
    case 'findMessages':
      return store.findMessages(request.queue, request.messageId, request.limit, request.vhost);
    case 'loadJobs':
      return store.loadJobs(request.vhost);
    case 'deleteVhost':
      return store.deleteVhost(request.vhost);
    case 'historyWrite':
      return store.metricsHistory().write(request.rows);
    case 'historyRead':
      return store.metricsHistory().read(request.entity, request.resolutionMs, request.fromMs, request.toMs);
    case 'historyLatestBefore':
      return store.metricsHistory().latestBefore(request.entity, request.resolutionMs, request.beforeMs);
    case 'historyPrune':
      return store.metricsHistory().prune(request.resolutionMs, request.beforeMs);
    case 'auditWrite':
      return store.auditLog().writeRecords(request.records);
    case 'auditQuery':
      return store.auditLog().query(request.query);
    case 'auditPrune':
      return store.auditLog().prune(request.beforeMs, request.limit);
    case 'probe':
      return store.probeNow();
    case 'setMaxPageCount':
      return store.setMaxPageCount(request.pages);
    case 'pageCount':
      return store.pageCount();
    case 'close':
      // The checkpointer's connection closes first, so the store's is the last and leaves no WAL behind.
      await stopCheckpointer();
      return store.close();
    default:
      throw new Error(`Unknown store request: ${JSON.stringify(request satisfies never)}`);
  }
}

// A request that cannot even be read (structured clone gave up on it) has no id to answer: the worker stops, so every
// request waiting on it fails and the store starts a new one, rather than leave its caller waiting forever.
port.on('messageerror', (error) => {
  console.error(`Switchboard: the storage worker could not read a request (${error.message}); restarting it`);
  process.exit(1);
});

port.on('message', (request: StoreRequest) => {
  handle(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value: value ?? null } satisfies StoreReply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies StoreReply),
  );
});
