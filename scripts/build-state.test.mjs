// When `npm start` (scripts/serve.mjs) makes the server's bundle again: missing, or older than a source it is made of;
// and when it generates the Prisma clients again: either one missing, or older than its schema.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsGenerate, needsServerBuild, SERVER_ENTRY } from './build-state.mjs';

const roots = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project with its sources at `sourcesAt` and, unless `bundleAt` is undefined, a bundle made at `bundleAt` (seconds). */
function project(sourcesAt, bundleAt) {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-build-state-'));
  roots.push(root);
  const files = ['server.ts', 'lib/store/sqlite-worker.ts', 'lib/engine/broker.test.ts', 'lib/generated/prisma/client.ts', 'package.json', 'prisma/schema.prisma', 'tsconfig.json', 'app/page.tsx'];
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), sourcesAt, sourcesAt);
  }
  if (bundleAt !== undefined) {
    mkdirSync(join(root, SERVER_ENTRY, '..'), { recursive: true });
    writeFileSync(join(root, SERVER_ENTRY), '');
    utimesSync(join(root, SERVER_ENTRY), bundleAt, bundleAt);
  }
  return root;
}

const touch = (root, file, at) => utimesSync(join(root, file), at, at);

describe('needsServerBuild', () => {
  it('is true without a bundle, false with one newer than every source', () => {
    expect(needsServerBuild(project(1_000, undefined))).toBe(true);
    expect(needsServerBuild(project(1_000, 2_000))).toBe(false);
  });

  it('is true once any source of the bundle changes after it', () => {
    for (const file of ['server.ts', 'lib/store/sqlite-worker.ts', 'package.json', 'prisma/schema.prisma', 'tsconfig.json']) {
      const root = project(1_000, 2_000);
      touch(root, file, 3_000);
      expect(needsServerBuild(root), file).toBe(true);
    }
  });

  it('ignores what the bundle is not made of: tests, the generated client, the pages', () => {
    for (const file of ['lib/engine/broker.test.ts', 'lib/generated/prisma/client.ts', 'app/page.tsx']) {
      const root = project(1_000, 2_000);
      touch(root, file, 3_000);
      expect(needsServerBuild(root), file).toBe(false);
    }
  });
});

describe('needsGenerate', () => {
  const CLIENTS = [
    ['prisma/schema.prisma', 'lib/generated/prisma/client.ts'],
    ['prisma/postgresql/schema.prisma', 'lib/generated/prisma-postgresql/client.ts'],
  ];
  /** Both schemas at 1,000 s and both clients made at `clientsAt`, but for `missing`. */
  function generated(clientsAt, missing) {
    const root = mkdtempSync(join(tmpdir(), 'switchboard-generate-state-'));
    roots.push(root);
    for (const [schema, client] of CLIENTS) {
      for (const [file, at] of [[schema, 1_000], [client, clientsAt]]) {
        if (file === missing) continue;
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), '');
        touch(root, file, at);
      }
    }
    return root;
  }

  it('is false when both clients are newer than their schemas', () => {
    expect(needsGenerate(generated(2_000))).toBe(false);
  });

  it('is true when either client is missing, or older than its schema', () => {
    for (const [schema, client] of CLIENTS) {
      expect(needsGenerate(generated(2_000, client)), `${client} missing`).toBe(true);
      const root = generated(2_000);
      touch(root, schema, 3_000);
      expect(needsGenerate(root), `${schema} changed`).toBe(true);
    }
  });
});
