/**
 * @module What tests that start their own server process share: a free port, waiting for its health answer, and
 * stopping its whole process group (npx, tsx and node together).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `GET {baseUrl}/api/v1/health` answers 200; rejects with the output when the process exits or time runs out. */
export async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 110_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer /api/v1/health within ${timeoutMs} ms:\n${output()}`);
}

/** SIGTERM to the process group (it was spawned `detached`), SIGKILL after 10 s. */
export function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const force = setTimeout(() => killGroup('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    killGroup('SIGTERM');
  });
}
