import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';

// Tall enough that the canvas (70% of the viewport) sits wholly on screen under the toolbar.
test.use({ viewport: { width: 1440, height: 1100 } });

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

interface ApiBinding {
  id: string;
  destination: string;
  routingKey: string;
}

async function bindingsFrom(request: APIRequestContext, exchange: string): Promise<ApiBinding[]> {
  const response = await request.get(`/api/v1/bindings?source=${encodeURIComponent(exchange)}`, { headers: auth() });
  expect(response.status()).toBe(200);
  return response.json();
}

/** The canvas glides (200 ms) to fit a changed topology; measure handles only once it has stayed still for 300 ms. */
async function viewportAtRest(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').getAttribute('style');
  await expect
    .poll(async () => {
      const before = await transform();
      await page.waitForTimeout(300);
      return (await transform()) === before;
    })
    .toBe(true);
}

/** A real pointer drag, as a person does it: press on one handle, move across the canvas, release on the other. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await viewportAtRest(page);
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('a handle is not on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await page.mouse.up();
}

async function bindByDragging(page: Page, request: APIRequestContext, exchange: string, queue: string, key: string): Promise<void> {
  await drag(page, page.getByTestId(`routing-handle-exchange-${exchange}`), page.getByTestId(`routing-handle-queue-${queue}`));
  const dialog = page.getByRole('dialog', { name: 'New binding' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Source exchange')).toHaveValue(exchange);
  await expect(dialog.getByLabel('Destination')).toHaveValue(`queue:${queue}`);
  await dialog.getByLabel('Binding key').fill(key);
  // The topic key is checked as it is typed, with examples of what it would route.
  await expect(dialog.getByText('Routing keys it matches')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Last change' })).toContainText(`Bound queue ${queue} to exchange ${exchange} with key "${key}"`);
  // The status comes before the refreshed topology: wait for the new edge in the graph (drawn, whatever the zoom makes
  // of its label), so the next drag measures the new layout.
  const binding = (await bindingsFrom(request, exchange)).find((b) => b.destination === queue && b.routingKey === key);
  expect(binding, `binding ${exchange} → ${queue} (${key})`).toBeDefined();
  await expect(page.getByTestId(`routing-edge-${binding!.id}`)).toBeAttached();
}

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
