// `npm test`: every test — unit and integration (vitest, against the real engine, store and HTTP server)
// and end-to-end (Playwright in Chromium against the built app).
import { needsBuild, needsGenerate } from './build-state.mjs';
import { run } from './run.mjs';

if (needsGenerate()) run('npm', ['run', '--silent', 'generate']);
run('npx', ['tsc', '--noEmit', '-p', '.']);
if (needsBuild()) run('npx', ['next', 'build']);
run('npx', ['vitest', 'run']);
run('npx', ['playwright', 'test']);
