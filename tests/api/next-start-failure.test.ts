/**
 * `server.ts` where Next cannot prepare its pages (run from a directory with no Next build): Next prepares while
 * the engine boots, and its failure, which comes after the engine is up, fails the start as any boot failure does:
 * one clear line and exit code 1, not an unhandled rejection beside a server that serves no pages.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('server.ts without a Next build', () => {
  it('prints one line and exits with 1 once Next fails to prepare', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-no-next-'));
    dirs.push(dir);
    // Next serves the pages of the working directory: this one holds no `.next` build.
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'server.ts')], {
      cwd: dir,
      // its own process group, so a server that does not exit is stopped with tsx's node child
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The imports of server.ts resolve through the project's tsconfig (its `@/` paths), whatever the directory.
        TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        AMQP_PORT: '0',
        DATABASE_URL: `file:${join(dir, 'switchboard.db')}`,
        SWITCHBOARD_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);

    expect(code, `${stdout}\n${stderr}`).toBe(1);
    const lines = stderr.trim().split('\n').filter(Boolean);
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Switchboard failed to start: Could not find a production build/);
  });
});
