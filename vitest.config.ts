import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

const apiProject = {
  globalSetup: ['tests/api/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  fileParallelism: false,
};

/**
 * The API tests that also run with Next's route files answering the API (SWITCHBOARD_API_VIA_NEXT=1), so its two
 * adapters of the endpoint catalog cannot drift: auth, names, limits, error shapes, and every entry's reachability.
 */
const THROUGH_NEXT = ['auth', 'queues', 'messages', 'names', 'exchanges', 'bindings', 'odd-requests', 'cross-origin', 'lean-layer'];

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.mjs'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'api', include: ['app/api/**/*.test.ts', 'tests/api/**/*.test.ts'], ...apiProject },
      },
      // The API suite again on PostgreSQL, where the machine has one (CI sets TEST_POSTGRES_URL).
      ...(process.env.TEST_POSTGRES_URL
        ? [
            {
              extends: true as const,
              // Tests that start servers of their own run once, in `api`: kill-nine and store-faults on SQLite files,
              // standby-takeover and postgres-faults (their PostgreSQL twins) on schemas of TEST_POSTGRES_URL.
              test: {
                name: 'api-postgres',
                include: ['tests/api/**/*.test.ts'],
                exclude: ['kill-nine', 'store-faults', 'standby-takeover', 'postgres-faults'].map((name) => `tests/api/${name}.test.ts`),
                ...apiProject,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: { name: 'api-next', include: THROUGH_NEXT.map((name) => `tests/api/${name}.test.ts`), ...apiProject },
      },
    ],
  },
});
