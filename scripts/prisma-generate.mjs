#!/usr/bin/env node
// Runs `prisma generate` on machines without the internet. The CLI downloads its native schema engine before
// every command unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; generating needs no engine, so any
// existing file will do. Both clients are generated: SQLite's (prisma/schema.prisma) and PostgreSQL's
// (prisma/postgresql/schema.prisma). Extra arguments pass through to both.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');

const env = { ...process.env };
// Never executed by `generate`; it only has to exist. The schema is a file that always does.
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, 'prisma/schema.prisma');

for (const config of ['prisma.config.ts', 'prisma/postgresql/prisma.config.ts']) {
  const args = [cli, 'generate', '--config', config, ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}
