// `npm start`: generates the Prisma client and builds the app when needed, then runs the server
// (which migrates the database before serving).
import { needsBuild, needsGenerate } from './build-state.mjs';
import { run } from './run.mjs';

if (needsGenerate()) run('npm', ['run', '--silent', 'generate']);
if (needsBuild()) {
  console.log('Building Switchboard (first start or changed sources)...');
  run('npx', ['next', 'build']);
}
run('npx', ['tsx', 'server.ts']);
