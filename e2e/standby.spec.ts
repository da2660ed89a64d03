/**
 * The hot standby in the browser: two servers (the bundle, as `npm start` runs it) on one PostgreSQL schema. The
 * standby's page says whose standby it is and links to the active console, by keyboard, in light and dark; the
 * active console names its process; after the active stops, the standby's page turns into the console by itself,
 * which says whom it took over from, and the audit log shows the takeover. Runs where TEST_POSTGRES_URL is set (CI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createTestSchema, type TestSchema } from '../lib/store/postgres-test-schema';

const TOKEN = `e2e-standby-${randomBytes(16).toString('hex')}`;
const PORTS = [3931, 3933];
const children: ChildProcess[] = [];
let schema: TestSchema | undefined;

test.skip(!process.env.TEST_POSTGRES_URL, 'needs TEST_POSTGRES_URL (set by .ci/run)');

test.afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await schema?.drop();
});

function serve(port: number, databaseUrl: string): ChildProcess {
  const child = spawn(process.execPath, ['scripts/serve.mjs'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      AMQP_PORT: String(port + 1),
      DATABASE_URL: databaseUrl,
      SWITCHBOARD_ADMIN_TOKEN: TOKEN,
    },
  });
  children.push(child);
  return child;
}

async function roleAt(port: number): Promise<string | undefined> {
  return fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
    async (answer) => ((await answer.json()) as { role?: string }).role,
    () => undefined,
  );
}

async function logInAt(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(TOKEN);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('main').getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
}

test('the standby names the active process, and takes over when it stops', async ({ page }) => {
  test.setTimeout(120_000);
  schema = await createTestSchema('switchboard_e2e_standby');
  const [activePort, standbyPort] = PORTS;
  const first = serve(activePort, schema.url);
  await expect.poll(() => roleAt(activePort), { timeout: 60_000 }).toBe('active');
  serve(standbyPort, schema.url);
  await expect.poll(() => roleAt(standbyPort), { timeout: 60_000 }).toBe('standby');
  const activeBase = `http://127.0.0.1:${activePort}`;
  const standbyBase = `http://127.0.0.1:${standbyPort}`;

  // The active console names its process.
  await logInAt(page, activeBase);
  const activeLine = page.getByTestId('active-process');
  await expect(activeLine).toContainText('Active process');
  const activeId = (await activeLine.locator('.font-mono').first().textContent())!;

  // The standby's page, in dark then light: whose standby it is, and the way to the active console by keyboard.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(standbyBase);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Standby of ${activeId}`);
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBackground);
  await page.keyboard.press('Tab');
  const link = page.getByRole('link', { name: new RegExp(activeBase.replace(/[.:/]/g, '\\$&')) });
  await expect(link).toBeFocused();

  // A clean stop hands over: the standby's page refreshes itself into the console, which says whom it took over from.
  // The console session lives in the shared database (and the cookie belongs to the host), so it carries over.
  first.kill('SIGTERM');
  await expect.poll(() => roleAt(standbyPort), { timeout: 30_000 }).toBe('active');
  await expect(page.getByRole('main').getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('active-process')).toContainText(`took over from ${activeId}`);
  await page.goto(`${standbyBase}/audit`);
  await expect(page.getByRole('main').getByText('process.takeover').first()).toBeVisible();
});
