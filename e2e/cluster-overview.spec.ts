/**
 * @module The Overview on an attached RabbitMQ cluster (TEST_RABBITMQ_CLUSTER): the broker switch keeps the page, now
 * the cluster's, with its totals, its biggest backlog from Switchboard's 5 s samples, and what RabbitMQ does not
 * measure said instead of shown.
 */
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { withTestCluster } from './cluster-helpers';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

test.describe('the Overview on a real RabbitMQ cluster', () => {
  const attached = withTestCluster();

  test("switching to the cluster keeps the Overview, now the cluster's, with its backlog", async ({ page, request }, testInfo) => {
    test.setTimeout(120_000);
    const name = uniqueName('e2e-rabbit-overview');
    const { id, base } = await attached.attach(request, name);
    const queue = uniqueName('e2e-rabbit-backlog');
    try {
      expect((await request.put(`${base}/queues/${queue}`, { headers: auth(), data: { arguments: {} } })).status()).toBe(201);
      for (let i = 0; i < 25; i++) {
        const published = await request.post(`${base}/queues/${queue}/messages`, { headers: auth(), data: { payload: `order ${i}` } });
        expect(published.status(), await published.text()).toBe(200);
      }

      await logIn(page);
      const brokerSwitch = page.getByLabel('Broker', { exact: true });
      await brokerSwitch.selectOption({ label: name });
      await expect(brokerSwitch).toHaveValue(id);
      await expect(page).toHaveURL(/\/$/);
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
      // Every 5 s, or less often when the cluster's samples take long (as they may on a busy machine).
      await expect(main.getByText(/^Live: sampled every \d+ seconds\.$/)).toBeVisible({ timeout: 30_000 });
      // The demo shop is the embedded broker's.
      await expect(main.getByRole('button', { name: /demo/i })).toHaveCount(0);

      const backlog = main.getByRole('region', { name: 'Biggest backlog' });
      const entry = backlog.getByRole('listitem').filter({ has: page.getByRole('link', { name: queue, exact: true }) });
      await expect(entry).toContainText('25 ready', { timeout: 30_000 });
      const oldest = main.getByRole('region', { name: 'Oldest messages' });
      await expect(oldest.locator('[data-refusal]')).toContainText('RabbitMQ does not measure the age of the oldest ready message');
      await attachScreenshot(page, testInfo, 'cluster overview');

      await entry.getByRole('link', { name: queue, exact: true }).click();
      await expect(page.getByRole('heading', { name: queue, level: 1 })).toBeVisible();
      await expect(page.locator('[data-figure="Ready"]')).toHaveText('25', { timeout: 30_000 });
    } finally {
      await request.delete(`${base}/queues/${queue}`, { headers: auth() });
    }
  });
});
