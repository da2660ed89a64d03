/**
 * @module A process on PostgreSQL before it is active: it serves the standby door on its HTTP port and refuses AMQP
 * with the active process's name, stands by on the database's active lock, and answers the lease once it holds it
 * (at once when no process is active). Each change of whom it stands by, or of the database's reachability, is one
 * log line.
 */
import { hostname } from 'node:os';
import { StandbyRefusal } from '../amqp/standby-refusal';
import { newProcessId, PostgresLease, type LeaseTimings } from '../store/postgres-lease';
import type { HttpFront } from './http-front';
import type { ServerConfig } from './services';
import { createStandbyListener } from './standby-door';
import { standbyOf, type ActiveProcessInfo, type StandbyView } from './standby-view';
import { serverTlsOptions } from './tls';

export interface StandbyPhaseOptions {
  config: ServerConfig;
  /** The PostgreSQL DATABASE_URL. */
  databaseUrl: string;
  http: HttpFront;
  version: string;
  /** Stops standing by (SIGTERM): the phase rejects with the signal's reason. */
  signal: AbortSignal;
  timings?: Partial<LeaseTimings>;
  log?: (line: string) => void;
}

/** Serves as a standby until this process holds the active lock; answers the lease. */
export async function standByUntilActive(options: StandbyPhaseOptions): Promise<PostgresLease> {
  const { config, http } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  let active: ActiveProcessInfo | null = null;
  let problem: string | null = null;
  const since = Date.now();
  const refusalReason = () => `${standbyOf(active)}; connect to the active process${active?.amqpUrl ? ` at ${active.amqpUrl}` : ''}`;
  const refusal =
    config.amqpPort === 0 && config.amqpsPort === 0
      ? undefined
      : await StandbyRefusal.start({
          host: config.amqpHost,
          ...(config.amqpPort !== 0 ? { port: config.amqpPort } : {}),
          ...(config.tls && config.amqpsPort !== 0 ? { tls: { port: config.amqpsPort, options: serverTlsOptions(config.tls) } } : {}),
          reason: refusalReason,
          version: options.version,
        });
  const view: StandbyView = {
    active: () => active,
    since,
    version: options.version,
    amqpPort: () => refusal?.port ?? null,
    problems: () => (problem ? [problem] : []),
  };
  http.setStandby(createStandbyListener(view));
  try {
    return await PostgresLease.acquire(options.databaseUrl, {
      identity: {
        processId: newProcessId(),
        httpUrl: http.url ?? null,
        amqpUrl: config.amqpPort !== 0 ? `amqp://${advertised(config.amqpHost)}:${config.amqpPort}` : null,
      },
      ...(options.timings ? { timings: options.timings } : {}),
      signal: options.signal,
      onStandby: (holder) => {
        if (holder?.processId !== active?.processId) log(`Switchboard: ${standbyOf(holder)}; waiting for the active lock`);
        active = holder;
      },
      onProblem: (reason) => {
        if (reason !== problem) log(reason ? `Switchboard: standing by, but ${reason}` : 'Switchboard: the database answers again');
        problem = reason;
      },
    });
  } finally {
    // The real AmqpListener binds these ports next.
    await refusal?.close();
  }
}

/** A host others can reach this process at: the listening address, or the machine's name for a wildcard one. */
function advertised(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return hostname();
  return host.includes(':') ? `[${host}]` : host;
}
