import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';
import { bindByDragging, bindingsFrom, type ApiBinding } from './routing-helpers';

// Tall enough that the canvas (70% of the viewport) sits wholly on screen under the toolbar.
test.use({ viewport: { width: 1440, height: 1100 } });

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

test('build a topology by dragging, test a route, publish it for real, and undo a binding', async ({ page, request }, testInfo) => {
  const prefix = uniqueName('rt');
  const exchange = `${prefix}-orders`;
  const billing = `${prefix}-billing`;
  const shipping = `${prefix}-shipping`;
  const main = page.getByRole('main');

  await logIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Routing' }).click();
  await expect(main.getByRole('heading', { name: 'Routing', level: 1 })).toBeVisible();

  // Create the exchange and both queues from the canvas's toolbar.
  await page.getByRole('button', { name: 'New exchange' }).click();
  const exchangeDialog = page.getByRole('dialog', { name: 'New exchange' });
  await exchangeDialog.getByLabel('Exchange name').fill(exchange);
  await exchangeDialog.getByLabel('Type').selectOption('topic');
  await exchangeDialog.getByRole('button', { name: 'Create exchange' }).click();
  await expect(page.getByRole('status', { name: 'Last change' })).toContainText(`Created topic exchange ${exchange}.`);
  for (const queue of [billing, shipping]) {
    await page.getByRole('button', { name: 'New queue' }).click();
    const queueDialog = page.getByRole('dialog', { name: 'New queue' });
    await queueDialog.getByLabel('Queue name').fill(queue);
    await queueDialog.getByRole('button', { name: 'Create queue' }).click();
    await expect(page.getByRole('status', { name: 'Last change' })).toContainText(`Created queue ${queue}.`);
  }

  // Only this test's nodes, so the view fits them.
  await page.getByLabel('Search', { exact: true }).fill(prefix);
  await expect(page.getByTestId(`routing-node-exchange-${exchange}`)).toBeVisible();
  await expect(page.getByRole('group', { name: `Queue ${billing}` })).toBeVisible();
  await expect(page.getByRole('group', { name: `Queue ${shipping}` })).toBeVisible();
  await page.getByTestId('rf__wrapper').scrollIntoViewIfNeeded();

  await bindByDragging(page, request, exchange, billing, 'order.*.paid');
  await bindByDragging(page, request, exchange, shipping, 'order.#');
  const bindings = await bindingsFrom(request, exchange);
  expect(bindings.map((b) => `${b.destination} ${b.routingKey}`).sort()).toEqual([`${billing} order.*.paid`, `${shipping} order.#`]);
  const toShipping = bindings.find((b) => b.destination === shipping)!;
  const toBilling = bindings.find((b) => b.destination === billing)!;
  await expect(page.getByTestId(`routing-edge-${toShipping.id}`)).toBeAttached();
  await expect(page.getByTestId(`routing-edge-${toBilling.id}`)).toBeAttached();

  // Test a route: order.eu.shipped matches order.# only.
  const tester = page.getByRole('region', { name: 'Route tester' });
  await tester.getByLabel('Exchange', { exact: true }).selectOption(exchange);
  await tester.getByLabel('Routing key').fill('order.eu.shipped');
  await tester.getByLabel('Sample payload').fill('{"order": 42}');
  await tester.getByRole('button', { name: 'Test route' }).click();
  await expect(tester.getByRole('list', { name: 'Queues reached' })).toHaveText(shipping);
  await expect(page.getByTestId(`routing-node-queue-${shipping}`)).toHaveAttribute('data-lighting', 'lit');
  await expect(page.getByTestId(`routing-node-exchange-${exchange}`)).toHaveAttribute('data-lighting', 'lit');
  await expect(page.getByTestId(`routing-edge-${toShipping.id}`)).toHaveAttribute('data-lighting', 'lit');
  await expect(page.getByTestId(`routing-node-queue-${billing}`)).toHaveAttribute('data-lighting', 'dim');
  await expect(page.getByTestId(`routing-edge-${toBilling.id}`)).toHaveAttribute('data-lighting', 'dim');
  await attachScreenshot(page, testInfo, 'routing light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await attachScreenshot(page, testInfo, 'routing dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Publish it for real: it arrives in shipping, and nowhere else.
  await tester.getByRole('button', { name: 'Publish for real' }).click();
  await expect(tester.getByRole('status', { name: 'Publish result' })).toContainText('routed to 1 queue');
  await expect(page.getByTestId(`routing-node-queue-${shipping}`)).toContainText('1 ready');
  await expect(page.getByTestId(`routing-node-queue-${billing}`)).toContainText('0 ready');
  const shippingQueue = await (await request.get(`/api/v1/queues/${encodeURIComponent(shipping)}`, { headers: auth() })).json();
  expect(shippingQueue.messagesReady).toBe(1);

  // A third binding, then Ctrl+Z (focus outside any text field) takes it back out, in the graph and in the API.
  await tester.getByRole('button', { name: 'Clear' }).click();
  await bindByDragging(page, request, exchange, billing, 'order.refunded');
  const withThird = await bindingsFrom(request, exchange);
  const third = withThird.find((b) => b.routingKey === 'order.refunded')!;
  await expect(page.getByTestId(`routing-edge-${third.id}`)).toBeAttached();
  await page.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status', { name: 'Last change' })).toContainText('Undone: Bound queue');
  await expect(page.getByTestId(`routing-edge-${third.id}`)).toHaveCount(0);
  expect((await bindingsFrom(request, exchange)).map((b) => b.id).sort()).toEqual([toBilling.id, toShipping.id].sort());
});

test('open a binding from its label, delete it after confirming, and undo the delete', async ({ page, request }) => {
  const prefix = uniqueName('rt');
  const exchange = `${prefix}-events`;
  const queue = `${prefix}-audit`;
  const put = (path: string, data: object) => request.put(path, { headers: auth(), data });
  expect((await put(`/api/v1/exchanges/${exchange}`, { type: 'direct' })).status()).toBe(201);
  expect((await put(`/api/v1/queues/${queue}`, {})).status()).toBe(201);
  const created = await request.post('/api/v1/bindings', { headers: auth(), data: { source: exchange, destination: queue, routingKey: 'audit' } });
  const binding = (await created.json()) as ApiBinding;

  await logIn(page);
  await page.goto('/routing');
  await page.getByLabel('Search', { exact: true }).fill(prefix);
  await page.getByRole('button', { name: 'Open binding audit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Binding' });
  await expect(dialog.getByLabel('Routing key')).toHaveValue('audit');
  await dialog.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`routing-edge-${binding.id}`)).toHaveCount(0);
  expect(await bindingsFrom(request, exchange)).toEqual([]);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId(`routing-edge-${binding.id}`)).toBeAttached();
  expect((await bindingsFrom(request, exchange)).map((b) => b.id)).toEqual([binding.id]);

  // By keyboard: focus the exchange node, Enter, and open the binding from the node's list.
  await page.getByRole('group', { name: `Exchange ${exchange}` }).focus();
  await page.keyboard.press('Enter');
  const selected = page.getByRole('region', { name: `Exchange ${exchange}` });
  await selected.getByRole('list', { name: 'Its bindings' }).getByRole('button', { name: `Open binding audit to ${queue}` }).press('Enter');
  await expect(page.getByRole('dialog', { name: 'Binding' }).getByLabel('Routing key')).toHaveValue('audit');
});
