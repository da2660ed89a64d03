import { expect, test } from '@playwright/test';
import { createVhost, declareQueueIn, grant } from './access-helpers';
import { attachScreenshot, declareQueue, logIn, uniqueName } from './console-helpers';

test('the vhost selector shows one vhost at a time, on every page, and is remembered', async ({ page, request }, testInfo) => {
  const vhost = uniqueName('e2e-shop');
  const inShop = uniqueName('e2e-in-shop');
  const inRoot = uniqueName('e2e-in-root');
  await createVhost(request, vhost);
  await grant(request, vhost, 'admin', { configure: '.*', write: '.*', read: '.*' });
  await declareQueueIn(request, vhost, inShop);
  await declareQueue(request, inRoot);

  await logIn(page);
  const selector = page.getByLabel('Vhost');
  await expect(selector).toHaveValue('/');
  await page.goto('/queues');
  await expect(page.getByRole('rowheader', { name: inRoot })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: inShop })).toHaveCount(0);

  await selector.selectOption(vhost);
  await expect(page.getByRole('rowheader', { name: inShop })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: inRoot })).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'queues of another vhost');

  await page.reload();
  await expect(page.getByLabel('Vhost')).toHaveValue(vhost);
  await page.getByRole('link', { name: inShop }).click();
  await expect(page.getByRole('heading', { name: inShop, level: 1 })).toBeVisible();
  await expect(page.locator('[data-figure="Ready"]')).toHaveText('0');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await expect(page.getByTestId('amqp-connect-hint')).toContainText(`/${encodeURIComponent(vhost)}`);

  // A link may name the vhost; it wins over the one remembered.
  await page.goto('/queues?vhost=%2F');
  await expect(page.getByLabel('Vhost')).toHaveValue('/');
  await expect(page.getByRole('rowheader', { name: inRoot })).toBeVisible();
});
