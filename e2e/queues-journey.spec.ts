import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { userMenu } from './console-helpers';

test('an operator logs in, declares a queue and sees it listed empty', async ({ page }, testInfo) => {
  // Next's route announcer is an alert too (outside <main>); look inside the page's own content.
  const main = page.getByRole('main');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(main.getByRole('heading', { name: 'Log in to Switchboard' })).toBeVisible();

  await page.getByLabel('User name').fill('admin');
  const passwordField = page.getByLabel('Password');
  await passwordField.fill(`wrong-${randomUUID()}`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(main.getByRole('alert')).toContainText('Could not log in');
  await expect(page).toHaveURL(/\/login$/);

  await passwordField.fill(adminToken());
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(main.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click();
  await expect(main.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();

  const queueName = `e2e-journey-${randomUUID()}`;
  await page.getByLabel('Queue name').fill(queueName);
  await page.getByRole('button', { name: 'Declare queue' }).click();
  await expect(main.getByRole('status').filter({ hasText: queueName })).toBeVisible();

  await page.getByLabel('Search queues by name').fill(queueName);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: queueName, exact: true }) });
  await expect(row).toBeVisible();
  // Ready, Unacked, Consumers, Publish, Deliver, Ack, Oldest, sparkline.
  await expect(row.getByRole('cell')).toHaveText(['0', '0', '0', '0/s', '0/s', '0/s', '—', '']);

  const screenshot = testInfo.outputPath('queues.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('queues page', { path: screenshot, contentType: 'image/png' });

  await userMenu(page, 'Log out');
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
