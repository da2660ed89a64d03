/** @module Reads DATABASE_URL: which database Switchboard stores into, and where. */
import fs from 'node:fs';
import path from 'node:path';
import { redactPassword } from './postgres-url';

export const DEFAULT_DATABASE_URL = 'file:./data/switchboard.db';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * Parses a database URL (default: `DATABASE_URL`, else `file:./data/switchboard.db`).
 * `file:` paths are resolved against `cwd` and their directory is created; `file::memory:` stays in memory.
 */
export function parseDatabaseUrl(
  url: string | undefined = process.env.DATABASE_URL,
  cwd: string = process.cwd(),
): DatabaseTarget {
  const value = url?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (!/^file:/i.test(value)) {
    throw new Error(`Unsupported DATABASE_URL "${redactPassword(value)}": use file:<path> (SQLite) or postgresql://...`);
  }
  // Prisma-style SQLite URLs may carry options (?connection_limit=1); the path is what precedes them.
  let rest = value.slice('file:'.length).replace(/[?#].*$/, '');
  if (rest.startsWith('//')) rest = decodeURIComponent(new URL(value).pathname); // file:///abs/path
  if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
  if (!rest) throw new Error(`DATABASE_URL "${value}" names no file`);
  const file = path.resolve(cwd, rest);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { kind: 'sqlite', path: file };
}
