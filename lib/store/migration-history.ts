/**
 * @module What a database's migration history allows, the same on SQLite and PostgreSQL: which migrations are still
 * to apply, or why the process must not start on it (a migration left half-applied, or a schema newer than this code).
 */
import type { MigrationFile } from './migrate';

export interface HistoryRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export type MigrationRefusal = 'failed_migration' | 'newer_schema';

/** Why the history forbids starting; `migrations` names the migrations concerned. */
export class MigrationRefused extends Error {
  constructor(
    readonly reason: MigrationRefusal,
    readonly migrations: string[],
    message: string,
  ) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

const isApplied = (row: HistoryRow) => row.finished_at !== null && row.rolled_back_at === null;

/** The migrations of `known` that the history has not applied, in order; throws {@link MigrationRefused} instead. */
export function pendingMigrations(history: readonly HistoryRow[], known: readonly MigrationFile[]): MigrationFile[] {
  const failed = history.filter((row) => row.finished_at === null && row.rolled_back_at === null).map((row) => row.migration_name);
  if (failed.length > 0) {
    // Same stance as `prisma migrate deploy` (P3009): a half-applied migration needs a human.
    throw new MigrationRefused(
      'failed_migration',
      failed,
      `Migration ${failed.join(', ')} failed earlier and is not rolled back; resolve it with \`prisma migrate resolve\` before starting.`,
    );
  }
  const names = new Set(known.map((migration) => migration.name));
  const unknown = history.filter((row) => isApplied(row) && !names.has(row.migration_name)).map((row) => row.migration_name);
  if (unknown.length > 0) {
    // A newer Switchboard migrated this database: this code does not know its tables and must not write to them.
    throw new MigrationRefused(
      'newer_schema',
      unknown,
      `The database has a newer schema than this Switchboard (migration ${unknown.join(', ')} is unknown to it); ` +
        'start the newer version, or restore a backup taken before the upgrade.',
    );
  }
  const applied = new Set(history.filter(isApplied).map((row) => row.migration_name));
  return known.filter((migration) => !applied.has(migration.name));
}
