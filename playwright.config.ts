/**
 * @module Playwright journeys against the real built app (npm test builds first), served by server.ts
 * on a fixed port with a fresh SQLite database and a random admin token.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Playwright loads this file in the runner and again in each worker. Workers inherit the runner's
// environment, so what is chosen here once is seen identically by the server and by the tests.
process.env.E2E_PORT ??= '3917';
process.env.E2E_AMQP_PORT ??= String(Number(process.env.E2E_PORT) + 1);
process.env.E2E_ADMIN_TOKEN ??= `e2e-${randomBytes(24).toString('hex')}`;
// Seals the credentials of the clusters the journeys attach.
process.env.E2E_SECRET_KEY ??= randomBytes(32).toString('hex');
// A fresh directory per run; the store creates it on first open and global-teardown removes it.
process.env.E2E_DATA_DIR ??= join(tmpdir(), `switchboard-e2e-${randomBytes(6).toString('hex')}`);

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: './test-results/e2e-report' }]],
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // The server's bundle, as `npm start` runs it (the API tests run server.ts from its sources).
    command: 'node scripts/serve.mjs',
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      AMQP_PORT: process.env.E2E_AMQP_PORT,
      DATABASE_URL: `file:${join(process.env.E2E_DATA_DIR, 'e2e.db')}`,
      SWITCHBOARD_ADMIN_TOKEN: process.env.E2E_ADMIN_TOKEN,
      SWITCHBOARD_SECRET_KEY: process.env.E2E_SECRET_KEY,
    },
  },
});
