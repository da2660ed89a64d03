import { expect, test } from '@playwright/test';
import { createUser, grant, strongPassword } from './access-helpers';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

test('logged out, a console page is answered with the login page by the server, and login returns to it', async ({ page, request }) => {
  const name = uniqueName('e2e-away');
  await declareQueue(request, name);
  // The request fixture holds no session: the server itself answers with the way to the login page.
  const answer = await request.get(`/queues/${name}`, { maxRedirects: 0 });
  expect(answer.status()).toBe(307);
  expect(answer.headers().location).toContain(`/login?next=${encodeURIComponent(`/queues/${name}`)}`);

  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
  });
  await page.goto(`/queues/${name}?window=1h`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByRole('heading', { name: 'Log in to Switchboard' })).toBeVisible();
  expect(apiCalls).toEqual([]);

  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_TOKEN!);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`/queues/${name}\\?window=1h$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
});

test('a monitoring user sees queues and charts, but no purge and no payloads', async ({ browser, request }, testInfo) => {
  const user = uniqueName('e2e-monitor');
  const password = strongPassword();
  await createUser(request, user, password, ['monitoring']);
  const queue = uniqueName('e2e-watched');
  await declareQueue(request, queue);
  await publishTo(request, queue, 2);

  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, user, password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Queues' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit' })).toBeVisible();

  await page.goto(`/queues/${queue}`);
  await expect(page.locator('[data-figure="Ready"]')).toHaveText('2');
  await expect(page.getByRole('img', { name: 'Depth chart' }).locator('.recharts-wrapper > svg')).toBeVisible();
  const purge = page.getByRole('button', { name: 'Purge', exact: true });
  await expect(purge).toHaveAttribute('aria-disabled', 'true');
  await expect(purge).toHaveAccessibleDescription("Needs permissions in vhost '/'");
  // Focusable, so the reason is found by keyboard too; pressing it does nothing.
  await purge.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Browse messages/ })).toHaveCount(0);
  await expect(page.getByText("Browsing messages: needs permissions in vhost '/'.")).toBeVisible();
  await attachScreenshot(page, testInfo, 'monitoring queue page');

  await page.goto(`/queues/${queue}/messages`);
  await expect(page.getByRole('main').getByText("Needs permissions in vhost '/'")).toBeVisible();
  await expect(page.getByText('{"i":0}')).toHaveCount(0);
  await context.close();
});

test('an administrator creates a user with orders permissions; it sees only what it may touch; the audit log shows both', async ({ page, browser, request }, testInfo) => {
  const user = uniqueName('e2e-app');
  const password = strongPassword();
  const orders = uniqueName('orders');
  const billing = uniqueName('billing');
  await declareQueue(request, orders);
  await declareQueue(request, billing);
  await publishTo(request, orders, 3);
  await publishTo(request, billing, 1);

  await logIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('User name').fill(user);
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByRole('alert')).toContainText('at least 8 characters');
  await dialog.getByLabel('Password').fill(password);
  // RabbitMQ's rule: the console is for users with a management tag.
  await dialog.getByLabel('management').check();
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { name: `User ${user}` })).toBeVisible();

  const grantForm = page.getByRole('form', { name: 'Grant permissions' });
  await grantForm.getByLabel('Grant permissions in vhost').selectOption('/');
  await grantForm.getByLabel('New permissions: write').fill('(');
  await expect(grantForm.getByText(/write is not a valid regular expression/)).toBeVisible();
  for (const kind of ['configure', 'write', 'read']) await grantForm.getByLabel(`New permissions: ${kind}`).fill('^orders.*');
  await grantForm.getByRole('button', { name: 'Grant' }).click();
  const row = page.locator('[data-permission-vhost="/"]');
  await expect(row.getByRole('cell')).toHaveText(['^orders.*', '^orders.*', '^orders.*', /Edit/]);
  await attachScreenshot(page, testInfo, 'users page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await attachScreenshot(page, testInfo, 'users page, dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const context = await browser.newContext();
  const appPage = await context.newPage();
  await logIn(appPage, user, password);
  await expect(appPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

  await appPage.goto(`/queues/${billing}`);
  const refusedPurge = appPage.getByRole('button', { name: 'Purge', exact: true });
  await expect(refusedPurge).toHaveAccessibleDescription(`Needs read permission on queue '${billing}'`);
  await expect(appPage.getByRole('button', { name: 'Delete', exact: true })).toHaveAccessibleDescription(`Needs configure permission on queue '${billing}'`);
  await expect(appPage.getByText("Needs write permission on exchange 'amq.default'")).toBeVisible();

  await appPage.goto(`/queues/${orders}`);
  await expect(appPage.locator('[data-figure="Ready"]')).toHaveText('3');
  await expect(appPage.getByRole('link', { name: /Browse messages/ })).toBeVisible();
  await appPage.getByRole('button', { name: 'Purge', exact: true }).click();
  await appPage.getByRole('dialog').getByRole('button', { name: 'Purge' }).click();
  await expect(appPage.getByRole('status').filter({ hasText: 'Purged 3 messages.' })).toBeVisible();
  await attachScreenshot(appPage, testInfo, 'orders user queue page');

  await appPage.goto('/queues');
  await appPage.getByLabel('Queue name').fill(billing);
  await expect(appPage.getByRole('button', { name: 'Declare queue' })).toHaveAccessibleDescription(`Needs configure permission on queue '${billing}'`);
  await context.close();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await page.getByLabel('User', { exact: true }).fill(user);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.locator(`[data-action="queue.purge"][data-user="${user}"]`).first()).toContainText(orders);
  await page.getByLabel('User', { exact: true }).fill('admin');
  await page.getByLabel('Resource').fill(user);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.locator('[data-user="admin"]').first()).toBeVisible();
  const csvLink = page.getByRole('link', { name: 'Download CSV' });
  await expect(csvLink).toHaveAttribute('href', /format=csv/);
  const csv = await page.request.get((await csvLink.getAttribute('href'))!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(user);
  await attachScreenshot(page, testInfo, 'audit page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await attachScreenshot(page, testInfo, 'audit page, dark');

  // The live tail shows a purge made elsewhere without a reload, until paused.
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('button', { name: 'Live tail' }).click();
  await expect(page.getByRole('button', { name: 'Pause live tail' })).toHaveAttribute('aria-pressed', 'true');
  const purged = await request.delete(`/api/v1/queues/${encodeURIComponent(billing)}/contents`, { headers: { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}` } });
  expect(purged.status()).toBe(200);
  await expect(page.locator('[data-action="queue.purge"][data-user="admin"]').filter({ hasText: billing })).toBeVisible();
  await page.getByRole('button', { name: 'Pause live tail' }).click();
  await expect(page.getByRole('button', { name: 'Live tail' })).toHaveAttribute('aria-pressed', 'false');
});
