// Runs the server's bundle (dist/server/server.mjs) in this process, making it first when it is missing or older
// than its sources: what `npm start` ends with, and what the benchmarks and the Playwright journeys start.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { needsServerBuild, SERVER_ENTRY } from './build-state.mjs';

if (needsServerBuild()) await (await import('./build-server.mjs')).buildServer();
await import(pathToFileURL(resolve(SERVER_ENTRY)).href);
