/** @module Journey: import a real RabbitMQ definitions file through the console, see its diff, apply it, see its graph. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, logIn } from './console-helpers';

const FIXTURE = fileURLToPath(new URL('./fixtures/rabbitmq-definitions.json', import.meta.url));
const rabbit = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  exchanges: { name: string }[];
  queues: { name: string }[];
  bindings: { destination: string; destination_type: string }[];
};
const known = new Set([...rabbit.exchanges.map((e) => `exchange:${e.name}`), ...rabbit.queues.map((q) => `queue:${q.name}`)]);
// RabbitMQ exports the binding to its internal exchange but not the exchange: the import skips it with a warning.
const importableBindings = rabbit.bindings.filter((b) => known.has(`${b.destination_type}:${b.destination}`)).length;

async function previewFixture(page: Page): Promise<void> {
  await page.getByLabel('Definitions file').setInputFiles(FIXTURE);
  await expect(page.getByLabel('Or paste the JSON')).toHaveValue(/rmqfix\.orders/);
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('region', { name: 'Import preview' })).toBeVisible();
}

test('a RabbitMQ definitions file imports with a diff preview, shows up as a graph, and imports again to nothing', async ({ page }, testInfo) => {
  await logIn(page);
  await page.goto('/routing');
  await expect(page.getByRole('heading', { level: 1, name: 'Routing' })).toBeVisible();

  await page.getByLabel('Or paste the JSON').fill('{"queues": [');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This is not valid JSON' })).toBeVisible();

  await previewFixture(page);
  await expect(page.getByTestId('definitions-added-exchanges')).toHaveText(String(rabbit.exchanges.length));
  await expect(page.getByTestId('definitions-added-queues')).toHaveText(String(rabbit.queues.length));
  await expect(page.getByTestId('definitions-added-bindings')).toHaveText(String(importableBindings));
  await expect(page.getByTestId('definitions-changed-exchanges')).toHaveText('0');
  await expect(page.getByTestId('definitions-changed-queues')).toHaveText('0');
  const addedQueues = page.getByRole('list', { name: 'Added queues' });
  await expect(addedQueues).toContainText('rmqfix.orders.eu (x-message-ttl=60000, x-dead-letter-exchange=rmqfix.dead-letters');
  await expect(page.getByRole('list', { name: 'Import warnings' })).toContainText('rmqfix.internal-fanout');
  await attachScreenshot(page, testInfo, 'definitions import preview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await attachScreenshot(page, testInfo, 'definitions import preview, dark');

  // By keyboard: the dialog opens on Cancel; Tab reaches the confirmation.
  await page.getByRole('button', { name: 'Apply import' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  const topology = `${rabbit.exchanges.length} exchanges, ${rabbit.queues.length} queues and ${importableBindings} bindings added`;
  await expect(dialog.getByRole('heading')).toContainText(topology);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Apply import' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(topology);

  // The panel tells the Routing page to reload its topology: the new nodes appear without navigating.
  for (const exchange of rabbit.exchanges) await expect(page.getByTestId(`routing-node-exchange-${exchange.name}`)).toBeVisible();
  for (const queue of rabbit.queues) await expect(page.getByTestId(`routing-node-queue-${queue.name}`)).toBeVisible();
  await attachScreenshot(page, testInfo, 'imported topology on the routing page');

  await page.reload();
  await expect(page.getByTestId(`routing-node-queue-${rabbit.queues[0].name}`)).toBeVisible();
  await previewFixture(page);
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to import' })).toBeVisible();
  for (const section of ['exchanges', 'queues', 'bindings']) await expect(page.getByTestId(`definitions-added-${section}`)).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Apply import' })).toHaveCount(0);
});

test('export downloads the whole broker as a definitions file', async ({ page }) => {
  await logIn(page);
  await page.goto('/definitions');
  await expect(page.getByRole('heading', { level: 1, name: 'Definitions' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^switchboard-definitions-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(exported).toMatchObject({ product_name: 'Switchboard' });
  expect(exported.vhosts.map((vhost: { name: string }) => vhost.name)).toContain('/');
  expect(exported.users.map((user: { name: string }) => user.name)).toContain('admin');
  expect(Array.isArray(exported.exchanges) && Array.isArray(exported.queues) && Array.isArray(exported.bindings)).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded' })).toBeVisible();
});
