/**
 * @module Starts tests/support/bare-server.ts (boot + AMQP + the API catalog, no Next) as a child process on a given
 * database, and stops it gently (SIGTERM) or not at all (SIGKILL), for tests of crashes and store faults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './process-control';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface BareProcess {
  child: ChildProcess;
  baseUrl: string;
  amqpUrl: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts the process and resolves once it prints `ready` (rejects with its output if it exits first). */
export async function startBare(databaseFile: string, token: string, env: Record<string, string> = {}): Promise<BareProcess> {
  const amqpPort = await freePort();
  let log = '';
  const child = spawn(TSX, [ENTRY], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      AMQP_PORT: String(amqpPort),
      DATABASE_URL: `file:${databaseFile}`,
      SWITCHBOARD_ADMIN_TOKEN: token,
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: '100000',
      ...env,
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /^ready (\d+) (\d+)$/m.exec(log);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', (chunk: Buffer) => void (log += chunk.toString()));
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it was ready:\n${log}`)));
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${ready}`,
    amqpUrl: `amqp://admin:${encodeURIComponent(token)}@127.0.0.1:${amqpPort}`,
    output: () => log,
    exited,
  };
}

/** SIGKILL: no shutdown, no flush, as a crash or the OOM killer. */
export async function killNine(server: BareProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}
