/** @module Prisma CLI configuration: schema, migrations and the database URL (Prisma 7 keeps it out of the schema). */
import { defineConfig } from 'prisma/config';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './lib/store/database-url';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
// Relative file: URLs resolve against the working directory, as the app does; the SQLite driver
// cannot create a missing directory, so make it now (e.g. ./data on a fresh checkout).
parseDatabaseUrl(url);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url },
});
