import { expect, test } from '@playwright/test';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

test('a queue page shows its figures and charts; publish, purge with the count, delete', async ({ page, request }, testInfo) => {
  const name = uniqueName('e2e-queue');
  await declareQueue(request, name, { maxLength: 1000 });
  await publishTo(request, name, 3);

  await logIn(page);
  await page.goto(`/queues/${name}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const ready = page.locator('[data-figure="Ready"]');
  await expect(ready).toHaveText('3');
  for (const chart of ['Depth', 'Rates (per second)', 'Latency, publish to ack', 'Consumer lag']) {
    await expect(page.getByRole('img', { name: `${chart} chart` }).locator('.recharts-wrapper > svg')).toBeVisible();
  }
  await expect(page.getByText('maxLength')).toBeVisible();
  await expect(page.getByText('No consumers.')).toBeVisible();

  await page.locator('label').filter({ hasText: /^1 h$/ }).click();
  await expect(page).toHaveURL(/window=1h/);
  await expect(page.getByRole('radio', { name: '1 h' })).toBeChecked();
  await page.getByRole('switch', { name: 'Live' }).click();
  await expect(page.getByRole('switch', { name: 'Paused' })).toHaveAttribute('aria-checked', 'false');
  await page.getByRole('switch', { name: 'Paused' }).click();

  // Invalid JSON is flagged before anything is sent.
  const payload = page.getByLabel('Payload');
  await payload.fill('{"order": ');
  await expect(page.getByText(/The payload is not valid JSON/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Publish message' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent' })).toBeVisible();
  await expect(ready).toHaveText('3');

  await payload.fill('{"order": 42}');
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('tenant');
  await page.getByLabel('Header 1 value').fill('eu');
  await page.getByRole('button', { name: 'Publish message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published message' })).toBeVisible();
  await expect(ready).toHaveText('4');
  await attachScreenshot(page, testInfo, 'queue page');

  await page.getByRole('button', { name: 'Purge', exact: true }).click();
  const purgeDialog = page.getByRole('dialog');
  await expect(purgeDialog.getByRole('heading')).toHaveText(`Purge 4 ready messages from ${name}?`);
  await attachScreenshot(page, testInfo, 'purge confirmation');
  await purgeDialog.getByRole('button', { name: 'Purge' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Purged 4 messages.' })).toBeVisible();
  await expect(ready).toHaveText('0');

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const deleteDialog = page.getByRole('dialog');
  await expect(deleteDialog.getByRole('heading')).toHaveText(`Delete the queue ${name}?`);
  await deleteDialog.getByRole('button', { name: 'Delete queue' }).click();
  await expect(page).toHaveURL(/\/queues$/);
  const gone = await request.get(`/api/v1/queues/${name}`, { headers: { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}` } });
  expect(gone.status()).toBe(404);
});

test('an HTML payload published from the form shows as text and runs nothing', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const name = uniqueName('e2e-xss');
  await declareQueue(request, name);
  await logIn(page);
  await page.goto(`/queues/${name}`);
  const html = '<img src=x onerror=alert(1)>';
  await page.getByLabel('Content type').fill('text/plain');
  await page.getByLabel('Payload').fill(html);
  await page.getByRole('button', { name: 'Publish message' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Published message' });
  await expect(status).toContainText(html);
  await expect(page.locator('[data-figure="Ready"]')).toHaveText('1');
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});

test('an unknown queue shows the API error message', async ({ page }) => {
  await logIn(page);
  await page.goto(`/queues/${uniqueName('e2e-missing')}`);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Could not load the queue');
});
