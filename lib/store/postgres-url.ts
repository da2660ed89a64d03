/**
 * @module A PostgreSQL DATABASE_URL as Switchboard and Prisma read it: `?schema=<name>` (Prisma's parameter) puts
 * every table in that schema instead of `public`; the rest is node-postgres's connection string.
 */

export interface PostgresTarget {
  /** The URL without `schema`, for node-postgres. */
  connectionString: string;
  /** The schema the tables live in. */
  schema: string;
}

export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${redactPassword(url)}`);
  }
  const schema = parsed.searchParams.get('schema') || 'public';
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/** The URL with its password hidden, for messages and logs. */
export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** A quoted SQL identifier (schema names come from configuration, not from users, but may hold any character). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
