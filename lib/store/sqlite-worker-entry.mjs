// Loads a TypeScript worker module (workerData.module, relative to this file) through tsx's API: a worker thread
// does not inherit the parent's TypeScript loader under every runner (vitest, plain node).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
