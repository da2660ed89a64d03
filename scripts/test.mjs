// `npm test`: every test — unit and integration (vitest, against the real engine, store and HTTP server)
// and end-to-end (Playwright in Chromium against the built app, served by the server's bundle as `npm start` does:
// playwright.config.ts starts scripts/serve.mjs, which makes the bundle when it is stale).
import { needsBuild, needsGenerate } from './build-state.mjs';
import { run } from './run.mjs';

if (needsGenerate()) run('npm', ['run', '--silent', 'generate']);
run('npx', ['tsc', '--noEmit', '-p', '.']);
if (needsBuild()) run('npx', ['next', 'build']);
run('npx', ['vitest', 'run']);
run('npx', ['playwright', 'test']);
