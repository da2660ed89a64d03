/**
 * Switchboard's process: boots the engine once, then serves the HTTP API (`/api/...`, `/metrics`,
 * `/metrics/per-object`) with the lean layer of lib/server/api-app.ts and the console through Next, behind a front
 * door (odd requests, admission) and, with a certificate, over HTTPS. `SWITCHBOARD_API_VIA_NEXT=1` hands the API to
 * Next's route files instead (the API tests run through both, so the two adapters of the catalog cannot drift).
 * Run by `npm start` (after a build); `PORT`, `HOST`, `DATABASE_URL` and the rest come from the environment.
 */
// First, before Next replaces the global Date: the engine keeps the original clock (see lib/engine/clock.ts).
import './lib/engine/clock';
import { readFrontDoorConfig } from './lib/server/admission-config';
import { readConfig } from './lib/server/config';
import type { NextHandler } from './lib/server/http-front';
import { runProcess } from './lib/server/run-process';

async function main(): Promise<void> {
  const config = readConfig();
  const frontDoorConfig = readFrontDoorConfig();
  // Loaded once the configuration is known good: a broken one (a missing certificate file) fails in a moment.
  const { default: next } = await import('next');
  // Next prepares its pages while the engine boots; the API (and health) serve as soon as the engine is up, and a page
  // request that comes before Next is ready waits for it. A restart is serving in the engine's time, not Next's.
  const app = next({ dev: false, hostname: config.host, port: config.port, dir: process.cwd() });
  const pagesReady: Promise<NextHandler> = app.prepare().then(() => app.getRequestHandler());
  // Awaited at the end of main (a failed prepare, such as a missing build, fails the start); until then it is handled.
  pagesReady.catch(() => undefined);
  const booted = await runProcess(config, frontDoorConfig, pagesReady);
  try {
    await pagesReady;
  } catch (error) {
    // Stops the engine as SIGTERM would, so what it took is written before the process ends.
    await booted.shutdown();
    throw error;
  }
}

main().catch((error) => {
  console.error('Switchboard failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
