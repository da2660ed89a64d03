/**
 * @module Starts tests/support/bare-server.ts (boot + AMQP + the API catalog, no Next) as a child process on a given
 * database, and stops it gently (SIGTERM) or not at all (SIGKILL), for tests of crashes and store faults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './process-control';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./bare-server.ts', import.meta.url));

export interface BareProcess {
  child: ChildProcess;
  baseUrl: string;
  amqpUrl: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts the process on a SQLite file and resolves once it prints `ready` (rejects with its output if it exits first). */
export function startBare(databaseFile: string, token: string, env: Record<string, string> = {}): Promise<BareProcess> {
  return startBareOn(`file:${databaseFile}`, token, env, 'active');
}

/**
 * Starts a process on a PostgreSQL URL shared with others and resolves once it serves: as the active process (it
 * printed `ready`), or as a standby (its health says so).
 */
export function startBarePeer(databaseUrl: string, token: string, env: Record<string, string> = {}): Promise<BareProcess> {
  return startBareOn(databaseUrl, token, env, 'active-or-standby');
}

async function startBareOn(databaseUrl: string, token: string, env: Record<string, string>, until: 'active' | 'active-or-standby'): Promise<BareProcess> {
  const amqpPort = await freePort();
  let log = '';
  // Node itself with tsx's loader, not the tsx command: that one runs the server in a child process of its own, so a
  // SIGKILL sent to it would leave the server running.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      AMQP_PORT: String(amqpPort),
      DATABASE_URL: databaseUrl,
      SWITCHBOARD_ADMIN_TOKEN: token,
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: '100000',
      ...env,
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    let standbyPort: string | undefined;
    const keep = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /^ready (\d+) (\d+)$/m.exec(log);
      if (match) return resolve(match[1]);
      // A standby prints where it listens before it waits for the lock.
      const standing = /^Switchboard \S+ at http:\/\/127\.0\.0\.1:(\d+): taking the active lock/m.exec(log);
      if (until === 'active-or-standby' && standing && !standbyPort) {
        standbyPort = standing[1];
        void untilStandby(`http://127.0.0.1:${standbyPort}`).then(() => resolve(standbyPort!), reject);
      }
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

/** Resolves once the process at `baseUrl` says it is a standby (or active). */
async function untilStandby(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await roleAt(baseUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${baseUrl} never answered its health`);
}

/** The process's role now, from its health: `active`, `standby`, or undefined when it does not answer. */
export function roleOf(server: BareProcess): Promise<string | undefined> {
  return roleAt(server.baseUrl);
}

function roleAt(baseUrl: string): Promise<string | undefined> {
  return fetch(`${baseUrl}/api/v1/health`).then(
    async (answer) => ((await answer.json()) as { role?: string }).role,
    () => undefined,
  );
}

/** SIGKILL: no shutdown, no flush, as a crash or the OOM killer. */
export async function killNine(server: BareProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
  // The server itself is gone, not only a launcher in front of it: its port no longer answers.
  const answered = await fetch(`${server.baseUrl}/api/v1/health`).then(
    () => true,
    () => false,
  );
  if (answered) throw new Error(`${server.baseUrl} still answers after kill -9: the process killed was not the server`);
}
