/** @module The daily prune of the audit log: events older than the retention (SWITCHBOARD_AUDIT_RETENTION_DAYS, 90 by default) go. */
import type { AuditLog } from './audit-log';

export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per DELETE: between two, the store's worker answers the engine's commits. */
const PRUNE_CHUNK = 5_000;

export interface AuditRetentionOptions {
  retentionDays: number;
  /** Between two prunes; the first runs at start. */
  intervalMs?: number;
  now?: () => number;
  report?: (message: string) => void;
}

export interface AuditRetention {
  /** Deletes every event older than the retention; answers how many. */
  pruneNow(): Promise<number>;
  /** Stops the schedule and waits for a prune under way to finish its current chunk. */
  stop(): Promise<void>;
}

/** Prunes at once and then every day (or `intervalMs`); a failed prune is reported and tried again next time. */
export function startAuditRetention(log: AuditLog, options: AuditRetentionOptions): AuditRetention {
  const now = options.now ?? Date.now;
  const report = options.report ?? ((message: string) => console.error(message));
  let stopped = false;
  let running: Promise<number> | undefined;

  const pruneNow = (): Promise<number> =>
    (running ??= (async () => {
      const before = now() - options.retentionDays * DAY_MS;
      let total = 0;
      let deleted = PRUNE_CHUNK;
      while (deleted === PRUNE_CHUNK && !stopped) {
        deleted = await log.prune(before, PRUNE_CHUNK);
        total += deleted;
      }
      return total;
    })().finally(() => {
      running = undefined;
    }));

  const scheduled = () => {
    pruneNow().catch((error: unknown) => report(`Switchboard: pruning the audit log failed: ${(error as Error).message}`));
  };
  const first = setTimeout(scheduled, 0);
  const timer = setInterval(scheduled, options.intervalMs ?? DAY_MS);
  first.unref?.();
  timer.unref?.();

  return {
    pruneNow,
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
