/**
 * @module What a standby process knows and tells: which process is active (as the active wrote it into the shared
 * PostgreSQL), read by the standby's HTTP door, its AMQP refusal and its log lines.
 */

/** The active process, as it announced itself in the database when it took the lock. */
export interface ActiveProcessInfo {
  /** `<host>:<pid>`, plus a short random tag so two starts of one pid differ. */
  processId: string;
  /** The console and API base URL it serves (`http://127.0.0.1:3000`), or null if it did not say. */
  httpUrl: string | null;
  /** Its AMQP address (`amqp://127.0.0.1:5672`), or null while AMQP is off. */
  amqpUrl: string | null;
  /** When it became active (epoch ms, the database's clock). */
  since: number;
  /** How old its last heartbeat is (ms, the database's clock) when the standby last looked. */
  heartbeatAgeMs: number;
}

/** A standby's own state: read on every request, so it is always current. */
export interface StandbyView {
  /** The active process, or null while none holds the lock (or it has not announced itself yet). */
  active(): ActiveProcessInfo | null;
  /** When this process started waiting (epoch ms). */
  readonly since: number;
  readonly version: string;
  /** The AMQP port the standby's refusal listens on, or null while AMQP is off. */
  amqpPort(): number | null;
  /** Problems besides being a standby (the database unreachable): one line each. */
  problems(): string[];
}

/** "standby of <processId> (<httpUrl>)": the one phrase every door of a standby uses. */
export function standbyOf(active: ActiveProcessInfo | null): string {
  if (!active) return 'standby (no process is active yet)';
  return `standby of ${active.processId}${active.httpUrl ? ` (${active.httpUrl})` : ''}`;
}
