/** @module For the migration runners' tests: a copy of a migrations folder with more migrations after it (an upgrade). */
import fs from 'node:fs';
import path from 'node:path';

/** Copies `migrationsDir` into `dir`/migrations, adds `extra` (folder name → SQL), and answers the copy's path. */
export function migrationsWith(migrationsDir: string, dir: string, extra: Record<string, string>): string {
  const copy = path.join(dir, 'migrations');
  fs.cpSync(migrationsDir, copy, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    fs.mkdirSync(path.join(copy, name));
    fs.writeFileSync(path.join(copy, name, 'migration.sql'), sql);
  }
  return copy;
}
