// Bundles the server (server.ts and the store's worker thread) into plain JavaScript under dist/server, which is what
// `npm start` runs. Loading the TypeScript through tsx at every start kept the loader, each file's source twice and
// its source map in memory for good: about 100 MiB of a server that idles near 250 MiB without it.
// Packages stay outside the bundle (Node loads them from node_modules). The output sits two folders deep, as the
// sources under lib/ do, so their `new URL('../../package.json', import.meta.url)`-style paths still resolve; the
// worker's bundle takes the name of the entry the engine starts (./sqlite-worker-entry.mjs beside it).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { SERVER_BUNDLE_DIR } from './build-state.mjs';

export async function buildServer(root = process.cwd()) {
  const outdir = `${root}/${SERVER_BUNDLE_DIR}`;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { server: 'server.ts', 'sqlite-worker-entry': 'lib/store/sqlite-worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  copyFileSync(`${root}/lib/store/sqlite-checkpointer.mjs`, `${outdir}/sqlite-checkpointer.mjs`);
}

// `node scripts/build-server.mjs` (npm run build); imported by scripts/serve.mjs without building.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
