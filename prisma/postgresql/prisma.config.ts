/**
 * @module Prisma CLI configuration for the PostgreSQL schema and migrations (`--config prisma/postgresql/prisma.config.ts`):
 * the URL is DATABASE_URL (postgresql://...); `migrate diff --from-migrations` replays the migrations in a shadow
 * schema of SHADOW_DATABASE_URL. Switchboard itself applies these migrations at start (lib/store/migrate-postgres.ts).
 */
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
