// Decides whether `next build` or the server's bundle must be made: none yet, or sources changed since the last one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'next.config.mjs', 'package.json', 'postcss.config.mjs', 'prisma/schema.prisma'];
const SKIP = new Set(['node_modules', '.next', 'generated']);
/** What the server's bundle is made of (the Prisma client under lib/generated follows the schema; tsconfig has the paths). */
const SERVER_SOURCES = ['server.ts', 'lib', 'package.json', 'prisma/schema.prisma', 'tsconfig.json'];

/** Where scripts/build-server.mjs writes the server's bundle, two folders deep as the sources under lib/ are. */
export const SERVER_BUNDLE_DIR = 'dist/server';
export const SERVER_ENTRY = `${SERVER_BUNDLE_DIR}/server.mjs`;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function needsBuild(root = process.cwd()) {
  const marker = join(root, '.next', 'BUILD_ID');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

/** The bundle is missing or older than any source it is made of. */
export function needsServerBuild(root = process.cwd()) {
  const entry = join(root, SERVER_ENTRY);
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return SERVER_SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

/** Each Prisma schema and the client `npm run generate` makes of it (scripts/prisma-generate.mjs makes both). */
const PRISMA_CLIENTS = [
  ['prisma/schema.prisma', 'lib/generated/prisma/client.ts'],
  ['prisma/postgresql/schema.prisma', 'lib/generated/prisma-postgresql/client.ts'],
];

export function needsGenerate(root = process.cwd()) {
  return PRISMA_CLIENTS.some(([schema, client]) => {
    const made = join(root, client);
    return !existsSync(made) || statSync(join(root, schema)).mtimeMs > statSync(made).mtimeMs;
  });
}
