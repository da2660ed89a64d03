/**
 * @module The Routing page on an attached RabbitMQ cluster (TEST_RABBITMQ_CLUSTER), chosen in the header's broker
 * switch: the cluster's exchange and queues drawn, a binding made by dragging and found on the cluster, the route
 * tester's answer computed from the cluster's bindings and then confirmed by a real publish, and Ctrl+Z taking the
 * binding back out of the cluster.
 */
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { withTestCluster } from './cluster-helpers';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';
import { bindByDragging, bindingsFrom } from './routing-helpers';

// Tall enough that the canvas (70% of the viewport) sits wholly on screen under the toolbar.
test.use({ viewport: { width: 1440, height: 1100 } });

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

test.describe('routing on a real RabbitMQ cluster', () => {
  const cluster = withTestCluster();
  const name = uniqueName('e2e-routing-rabbit');

  test('bind by dragging, test the route, publish it for real and undo, all on the cluster', async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const { base } = await cluster.attach(request, name);
    const prefix = uniqueName('crt');
    const exchange = `${prefix}-orders`;
    const shipping = `${prefix}-shipping`;
    const billing = `${prefix}-billing`;
    const put = async (path: string, data: object) => {
      const response = await request.put(`${base}${path}`, { headers: auth(), data });
      expect(response.status(), await response.text()).toBe(201);
    };
    try {
      await put(`/exchanges/${exchange}`, { type: 'topic' });
      await put(`/queues/${shipping}`, { arguments: {} });
      await put(`/queues/${billing}`, { arguments: {} });

      await logIn(page);
      await page.getByLabel('Broker', { exact: true }).selectOption({ label: name });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Routing' }).click();
      await expect(page.getByRole('main').getByRole('heading', { name: 'Routing', level: 1 })).toBeVisible();
      await page.getByLabel('Search', { exact: true }).fill(prefix);
      await expect(page.getByTestId(`routing-node-exchange-${exchange}`)).toBeVisible();
      await expect(page.getByRole('group', { name: `Queue ${shipping}` })).toBeVisible();
      await page.getByTestId('rf__wrapper').scrollIntoViewIfNeeded();

      await bindByDragging(page, request, exchange, shipping, 'order.#', base);
      const [toShipping] = await bindingsFrom(request, exchange, base);
      expect(toShipping).toMatchObject({ destination: shipping, routingKey: 'order.#' });

      const tester = page.getByRole('region', { name: 'Route tester' });
      await tester.getByLabel('Exchange', { exact: true }).selectOption(exchange);
      await tester.getByLabel('Routing key').fill('order.eu.shipped');
      await tester.getByRole('button', { name: 'Test route' }).click();
      await expect(tester.getByRole('list', { name: 'Queues reached' })).toHaveText(shipping);
      await expect(page.getByTestId(`routing-edge-${toShipping.id}`)).toHaveAttribute('data-lighting', 'lit');
      await expect(page.getByTestId(`routing-node-queue-${billing}`)).toHaveAttribute('data-lighting', 'dim');
      await attachScreenshot(page, testInfo, 'cluster route test');

      await tester.getByRole('button', { name: 'Publish for real' }).click();
      await expect(tester.getByRole('status', { name: 'Publish result' })).toContainText('routed to 1 queue');
      // RabbitMQ's management figures lag the messages by a few seconds.
      await expect.poll(async () => (await (await request.get(`${base}/queues/${shipping}`, { headers: auth() })).json()).messagesReady, { timeout: 30_000 }).toBe(1);

      await tester.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('button', { name: 'Undo' }).focus();
      await page.keyboard.press('Control+z');
      await expect(page.getByRole('status', { name: 'Last change' })).toContainText('Undone: Bound queue');
      await expect(page.getByTestId(`routing-edge-${toShipping.id}`)).toHaveCount(0);
      expect(await bindingsFrom(request, exchange, base)).toEqual([]);
    } finally {
      for (const queue of [shipping, billing]) await request.delete(`${base}/queues/${queue}`, { headers: auth() });
      await request.delete(`${base}/exchanges/${exchange}`, { headers: auth() });
    }
  });
});
