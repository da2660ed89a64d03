/**
 * @module The life of a Switchboard process, with or without Next's pages: on PostgreSQL it first serves as a
 * standby until it holds the active lock; then it boots the engine, serves the API (and the pages), and stops on
 * SIGINT/SIGTERM, or when another process took the lock from it.
 */
import { startMemoryRelease } from './memory-release';
import type { FrontDoorConfig } from './admission-config';
import { boot, packageVersion, type BootResult } from './boot';
import { createHttpFront, type HttpFront, type NextHandler } from './http-front';
import type { ServerConfig } from './services';
import { standByUntilActive } from './standby-phase';
import { parseDatabaseUrl } from '../store/database-url';
import type { PostgresLease } from '../store/postgres-lease';
import { redactPassword } from '../store/postgres-url';

/** The exit status of a process that lost the active lock to another: its supervisor restarts it as a standby. */
const LOST_LOCK_EXIT = 3;

/** Stands by if the database is shared, boots, and serves; answers the booted engine and its URL once serving. */
export async function runProcess(
  config: ServerConfig,
  frontDoorConfig: FrontDoorConfig,
  pagesReady: Promise<NextHandler>,
): Promise<BootResult & { url: string }> {
  const http = createHttpFront(config, frontDoorConfig, pagesReady);
  const target = parseDatabaseUrl(config.databaseUrl);
  // On PostgreSQL, several processes may share the database: this one serves as a standby until it holds the lock.
  const lease = target.kind === 'postgres' ? await standBy(config, target.url, http) : undefined;
  const booted = await boot(config, process.env, lease);
  // What a burst of work freed goes back to the operating system once the load has passed (glibc would keep it).
  startMemoryRelease();
  try {
    return { ...booted, url: await startServing(config, http, booted, lease) };
  } catch (error) {
    await booted.shutdown();
    throw error;
  }
}

/** Listens at once with the standby door, and stands by until this process holds the active lock (SIGTERM ends it). */
async function standBy(config: ServerConfig, databaseUrl: string, http: HttpFront): Promise<PostgresLease> {
  const url = await http.listen();
  console.log(`Switchboard ${packageVersion()} at ${url}: taking the active lock of ${redactPassword(config.databaseUrl)}`);
  const stopping = new AbortController();
  const stop = (signal: string) => {
    console.log(`Switchboard stopping (${signal}) while standing by`);
    http.stop();
    stopping.abort(new Error(`stopped by ${signal}`));
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    return await standByUntilActive({ config, databaseUrl, http, version: packageVersion(), signal: stopping.signal });
  } catch (error) {
    if (stopping.signal.aborted) process.exit(0);
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/** Serves the API and pages (listening first unless the standby phase did), and stops on SIGINT/SIGTERM; answers the URL. */
async function startServing(config: ServerConfig, http: HttpFront, { services, newToken, shutdown }: BootResult, lease: PostgresLease | undefined): Promise<string> {
  const url = http.url ?? (await http.listen());
  http.setStandby(null);
  const role = lease ? `, active${services.process.tookOverFrom ? ` (took over from ${services.process.tookOverFrom})` : ''} as ${services.process.id}` : '';
  console.log(`Switchboard ${services.version} ready at ${url} (storage: ${services.storage}, database: ${redactPassword(config.databaseUrl)}${role})`);
  if (newToken) {
    console.log(`User admin's password and API key (shown once, stored only as hashes): ${newToken}`);
    console.log(`Log in at ${url}/login as admin with it, or send "Authorization: Bearer <key>" to ${url}/api/v1.`);
  } else if (process.env.SWITCHBOARD_ADMIN_TOKEN) {
    console.log(`Log in at ${url}/login as admin with the key in SWITCHBOARD_ADMIN_TOKEN.`);
  } else {
    console.log(`Log in at ${url}/login as admin (lost the key? run: npm run admin-token).`);
  }

  let stopping = false;
  const stop = async (reason: string, status = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`Switchboard stopping (${reason})`);
    http.stop();
    await shutdown();
    process.exit(status);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Another process holds the lock now: this one must not serve another request. It does not turn back into a
  // standby in place (its engine's state is no longer the truth); its supervisor starts it again, as a standby.
  lease?.onLost((error) => void stop(`${error.message}; exiting with status ${LOST_LOCK_EXIT} so a supervisor restarts this process as a standby`, LOST_LOCK_EXIT));
  return url;
}

