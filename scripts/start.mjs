// `npm start`: generates the Prisma client and builds the app when needed, then serves with the server's bundle
// (made when missing or older than its sources; it migrates the database before serving).
import { needsBuild, needsGenerate } from './build-state.mjs';
import { run } from './run.mjs';

if (needsGenerate()) run('npm', ['run', '--silent', 'generate']);
if (needsBuild()) {
  console.log('Building Switchboard (first start or changed sources)...');
  run('npx', ['next', 'build']);
}
await import('./serve.mjs');
