/**
 * @module The active lock of a hot-standby group on one PostgreSQL (ActiveMQ's shared-database master/slave: the
 * database's lock is the fence, no consensus of our own). A process stands by until `pg_try_advisory_lock` succeeds
 * on the connection that then becomes the store's: every commit runs on the session that holds the lock, so a
 * process whose session is gone (killed by a standby, or lost with the network) cannot commit anything, and its new
 * connection must take the lock again before it writes. The holder moves a heartbeat row every second on that same
 * connection; a standby that sees the heartbeat stale ends the holder's session (`pg_terminate_backend`), which is
 * what turns a paused former active into one that cannot write when it wakes.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { ActiveProcessInfo } from '../server/standby-view';
import { ACTIVE_LOCK_CLASS, findHolder, LEASE_SQL, readAnnounced } from './postgres-lease-sql';
import { connectPostgres, type PostgresSession } from './postgres-store';
import { parsePostgresUrl, type PostgresTarget } from './postgres-url';

export interface LeaseIdentity {
  processId: string;
  httpUrl: string | null;
  amqpUrl: string | null;
}

export interface LeaseTimings {
  /** How often a standby tries the lock and looks at the holder. */
  pollMs: number;
  /** How often the holder moves its heartbeat. */
  heartbeatMs: number;
  /** A holder whose heartbeat is older than this (database clock) is ended by a standby. */
  staleMs: number;
  /**
   * How long after sending its last good heartbeat the holder still acts as active (HTTP API). Shorter than
   * `staleMs`, so a holder paused long enough to be ended knows it before it answers anything.
   */
  validMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { pollMs: 250, heartbeatMs: 1000, staleMs: 5000, validMs: 3000 };

/** This process's hold on the lock is gone and another process holds it: it must not write again. */
export class LeaseLostError extends Error {
  readonly code = 'lease_lost';
}

/** A database that keeps the advisory lock answers with this process's id in it. */
export function newProcessId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export interface AcquireOptions {
  identity: LeaseIdentity;
  timings?: Partial<LeaseTimings>;
  /** Each look while standing by: the holder as it announced itself (null: nobody holds it, or not announced yet). */
  onStandby?: (active: ActiveProcessInfo | null) => void;
  /** Why the database cannot be asked while standing by (null once it answers again). */
  onProblem?: (problem: string | null) => void;
  /** Stops standing by (the process is stopping): `acquire` rejects with the signal's reason. */
  signal?: AbortSignal;
}

export class PostgresLease {
  private lastConfirmed = performance.now();
  private announced = false;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private beating = false;
  private lostReason: LeaseLostError | null = null;
  private readonly lostListeners = new Set<(error: LeaseLostError) => void>();

  private constructor(
    private readonly target: PostgresTarget,
    private readonly client: pg.Client,
    readonly identity: LeaseIdentity,
    readonly timings: LeaseTimings,
    /** The holder this process ended because its heartbeat was stale, if it did. */
    readonly endedStaleHolder: ActiveProcessInfo | null,
  ) {}

  /** Stands by until this process holds the lock of `url`'s schema, then answers the lease holding it. */
  static async acquire(url: string, options: AcquireOptions): Promise<PostgresLease> {
    const target = parsePostgresUrl(url);
    const timings = { ...DEFAULT_LEASE_TIMINGS, ...options.timings };
    let client: pg.Client | undefined;
    let endedStaleHolder: ActiveProcessInfo | null = null;
    for (;;) {
      if (options.signal?.aborted) {
        await client?.end().catch(() => undefined);
        throw options.signal.reason;
      }
      try {
        client ??= await connectPostgres(target);
        const { rows } = await client.query<{ acquired: boolean }>(LEASE_SQL.tryLock, [ACTIVE_LOCK_CLASS, target.schema]);
        options.onProblem?.(null);
        if (rows[0]?.acquired) return new PostgresLease(target, client, options.identity, timings, endedStaleHolder);
        const holder = await findHolder(client, target.schema);
        options.onStandby?.(holder?.active ?? null);
        if (holder?.active && holder.active.heartbeatAgeMs > timings.staleMs) {
          // Paused, hung, or cut off from us but not from the database: its session ends, and with it its writes.
          console.error(`Switchboard: the active process ${holder.active.processId} has not moved its heartbeat for ${holder.active.heartbeatAgeMs} ms; ending its database session to take over`);
          await client.query(LEASE_SQL.terminate, [holder.pid]);
          endedStaleHolder = holder.active;
          continue;
        }
      } catch (error) {
        options.onProblem?.(`the database cannot be reached: ${(error as Error).message}`);
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      await sleep(timings.pollMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }

  /** The store's connection: the one holding the lock, and a new one that must take the lock again first. */
  session(): PostgresSession {
    return { client: this.client, reconnect: () => this.reconnect() };
  }

  /**
   * Announces this process in `active_process` on the store's connection (after its migrations made the table) and
   * starts the heartbeat. Answers the process announced before it, the one it took over from (null on a first start
   * or after its own restart).
   */
  async announce(store: { withConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> }): Promise<ActiveProcessInfo | null> {
    const previous = await store.withConnection(async (client) => {
      const prior = await readAnnounced(client);
      await client.query(LEASE_SQL.announce, [this.identity.processId, this.identity.httpUrl, this.identity.amqpUrl]);
      return prior;
    });
    this.announced = true;
    this.lastConfirmed = performance.now();
    this.heartbeatTimer = setInterval(() => this.beat(store), this.timings.heartbeatMs);
    this.heartbeatTimer.unref?.();
    return previous && previous.processId !== this.identity.processId ? previous : null;
  }

  /** Whether this process may act as the active one now: it holds the lock, confirmed within `validMs`. */
  get valid(): boolean {
    return this.lostReason === null && performance.now() - this.lastConfirmed < this.timings.validMs;
  }

  /** How long ago the last heartbeat that landed was sent (ms). */
  get confirmedAgoMs(): number {
    return Math.round(performance.now() - this.lastConfirmed);
  }

  get lost(): LeaseLostError | null {
    return this.lostReason;
  }

  /** Hears, once, that another process holds the lock now: at once if that is already known. */
  onLost(listener: (error: LeaseLostError) => void): () => void {
    // Lost while the process was still booting, before anyone listened: a listener that came late must still hear.
    if (this.lostReason) {
      const lost = this.lostReason;
      queueMicrotask(() => listener(lost));
      return () => undefined;
    }
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Stops the heartbeat (the store's close then releases the lock with its connection). */
  stop(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private beat(store: { withConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> }): void {
    if (this.beating || this.lostReason) return;
    this.beating = true;
    // The send time, not the answer's: the row's time is at least this, so `validMs` counts from no later than it.
    const sentAt = performance.now();
    store
      .withConnection((client) => client.query(LEASE_SQL.heartbeat))
      .then(
        (result) => {
          if (result.rowCount === 1) this.lastConfirmed = Math.max(this.lastConfirmed, sentAt);
          else this.lose('the active_process row names another process');
        },
        // A database that does not answer is the store's fault (told by its writes); a lost lock was told by reconnect.
        () => undefined,
      )
      .finally(() => (this.beating = false));
  }

  private async reconnect(): Promise<pg.Client> {
    if (this.lostReason) throw this.lostReason;
    const client = await connectPostgres(this.target);
    try {
      const { rows } = await client.query<{ acquired: boolean }>(LEASE_SQL.tryLock, [ACTIVE_LOCK_CLASS, this.target.schema]);
      if (!rows[0]?.acquired) {
        const holder = await findHolder(client, this.target.schema).catch(() => null);
        throw this.lose(`another process holds the active lock now${holder?.active ? ` (${holder.active.processId})` : ''}`);
      }
      // The heartbeat is kept by backend pid: the new connection's is named before the store uses it.
      if (this.announced) await client.query(LEASE_SQL.announce, [this.identity.processId, this.identity.httpUrl, this.identity.amqpUrl]);
      this.lastConfirmed = performance.now();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private lose(reason: string): LeaseLostError {
    if (this.lostReason) return this.lostReason;
    this.lostReason = new LeaseLostError(`This process lost the active lock: ${reason}`);
    this.stop();
    for (const listener of this.lostListeners) listener(this.lostReason);
    return this.lostReason;
  }
}
