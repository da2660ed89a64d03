/**
 * @module Giving disk space back after large deletes (a purge, a deleted queue): the database file shrinks by its free
 * pages (auto_vacuum=INCREMENTAL, then `incremental_vacuum`) and the WAL file is truncated to nothing (a TRUNCATE
 * checkpoint), rather than 1.4 GB of database and 700 MB of WAL staying behind a purged million-message queue.
 *
 * auto_vacuum can only be switched on before the first table exists (or by a VACUUM, which rewrites the whole file),
 * so a new database gets it at creation and a small existing one is converted once at start; a large existing one
 * is left as it is: SQLite reuses its free pages for new messages, and the WAL is still truncated ({@link truncateWal}).
 */
import type Database from 'better-sqlite3';

/** Free pages below this (8 MiB of 4 KiB pages) are left for SQLite to reuse: not worth a vacuum. */
export const RECLAIM_MIN_FREE_PAGES = 2048;
/** An existing database up to this size is converted to incremental vacuum at start (one VACUUM of at most this). */
export const CONVERT_MAX_BYTES = 64 * 2 ** 20;
/** The WAL file is cut back to this after a checkpoint resets it (SQLite's journal_size_limit): it never stays huge. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 2 ** 20;

const INCREMENTAL = 2;

/**
 * Switches the connection's database to auto_vacuum=INCREMENTAL when that is cheap: before any table exists (call it
 * before journal_mode=WAL on a new file, or it takes a VACUUM of an empty file), or with one VACUUM of a small file.
 * Answers whether the database vacuums incrementally now.
 */
export function useIncrementalVacuum(db: Database.Database, path: string): boolean {
  if (autoVacuum(db) === INCREMENTAL) return true;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (autoVacuum(db) === INCREMENTAL) return true;
  // The file already has a header (WAL mode or tables): the setting only takes with a VACUUM, which rewrites it all.
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  if (path === ':memory:' || bytes > CONVERT_MAX_BYTES) return false;
  try {
    db.exec('VACUUM');
  } catch {
    // Another connection is writing: the next start converts it; meanwhile free pages are reused.
    return false;
  }
  return autoVacuum(db) === INCREMENTAL;
}

/** Bounds the WAL file's size once it is reset (a plain checkpoint leaves the file as large as it grew). */
export function limitWalSize(db: Database.Database): void {
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
}

/**
 * Free pages one step gives back (4 MiB): a step holds the write lock for a few milliseconds, so the commits waiting
 * behind a large purge's reclaim wait for one step, not for the whole of it (about 190 ms per 37,000 messages).
 */
export const RECLAIM_STEP_PAGES = 1024;

/** Whether enough pages are free after a large delete to give them back. */
export function worthReclaiming(db: Database.Database): boolean {
  return (db.pragma('freelist_count', { simple: true }) as number) >= RECLAIM_MIN_FREE_PAGES;
}

/**
 * One step of giving free pages back to the file system (when the database vacuums incrementally; otherwise SQLite
 * reuses them). Answers whether free pages remain for another step.
 */
export function reclaimStep(db: Database.Database): boolean {
  if (autoVacuum(db) !== INCREMENTAL) return false;
  db.pragma(`incremental_vacuum(${RECLAIM_STEP_PAGES})`);
  return (db.pragma('freelist_count', { simple: true }) as number) > 0;
}

/**
 * Checkpoints the WAL completely and truncates it; false while another connection holds it (the checkpointer's own
 * checkpoint, or a reader of an old snapshot). Never waits: a truncation that waited out the busy timeout would hold
 * every commit behind it, so the caller tries again later ({@link TRUNCATE_RETRY_MS}).
 */
export function truncateWal(db: Database.Database): boolean {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return checkpoint !== undefined && checkpoint.busy === 0;
  } catch (error) {
    // SQLITE_BUSY (or LOCKED) raised rather than reported: the same answer. Any other failure is the caller's.
    if (/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/** How long to wait before trying a refused truncation again, and how often to try (10 s in all). */
export const TRUNCATE_RETRY_MS = 100;
export const TRUNCATE_ATTEMPTS = 100;

function autoVacuum(db: Database.Database): number {
  return db.pragma('auto_vacuum', { simple: true }) as number;
}
