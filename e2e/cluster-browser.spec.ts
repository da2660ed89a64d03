/**
 * @module The message browser on an attached RabbitMQ cluster (TEST_RABBITMQ_CLUSTER), chosen in the header's broker
 * switch: a classic queue's page offers the browser labelled get-and-requeue, the browser says what a read does and
 * reads nothing until asked, then shows the head of the queue, and a second read shows the messages redelivered.
 */
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { withTestCluster } from './cluster-helpers';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

test.describe('the message browser on a real RabbitMQ cluster', () => {
  const cluster = withTestCluster();
  const name = uniqueName('e2e-browser-rabbit');

  test('a classic queue is read by get-and-requeue only on request, and its messages come back redelivered', async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const { id: clusterId, base } = await cluster.attach(request, name);
    const queue = uniqueName('e2e-rabbit-browse');
    const payloads = [`first ${uniqueName('payload')}`, `second ${uniqueName('payload')}`];
    try {
      const declared = await request.put(`${base}/queues/${queue}`, { headers: auth(), data: { arguments: {} } });
      expect(declared.status(), await declared.text()).toBe(201);
      for (const payload of payloads) {
        const published = await request.post(`${base}/queues/${queue}/messages`, { headers: auth(), data: { payload } });
        expect(published.status(), await published.text()).toBe(200);
      }
      // Without asking for get-and-requeue, the API refuses to read such a queue.
      const refused = await request.get(`${base}/queues/${queue}/messages`, { headers: auth() });
      expect(refused.status()).toBe(409);

      await logIn(page);
      const brokerSwitch = page.getByLabel('Broker', { exact: true });
      await brokerSwitch.selectOption({ label: name });
      // The switch keeps the Overview, now the cluster's.
      await expect(page).toHaveURL(/\/$/);
      await expect(brokerSwitch).toHaveValue(clusterId);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click();
      await expect(page).toHaveURL(/\/queues(\?|$)/);
      await page.getByLabel('Search queues by name').fill(queue);
      // The search goes into the address after a pause: wait for it, or it would replace the queue's page opened meanwhile.
      await expect(page).toHaveURL(new RegExp(`[?&]q=${queue}(&|$)`));
      const link = page.getByRole('row').getByRole('link', { name: queue, exact: true });
      await expect(link).toBeVisible({ timeout: 30_000 });
      await link.click();
      await expect(page).toHaveURL(new RegExp(`/queues/${queue}(\\?|$)`));
      await expect(page.getByRole('heading', { name: queue, level: 1 })).toBeVisible();

      await page.getByRole('link', { name: 'Browse messages (get-and-requeue) →' }).click();
      await expect(page.getByRole('heading', { name: `Messages in ${queue}`, level: 1 })).toBeVisible();
      const note = page.getByRole('note', { name: 'How this queue is read' });
      await expect(note).toContainText('RabbitMQ reads a classic or quorum queue only by taking its messages and requeueing them');
      await expect(note).toContainText('at most 100 messages from the head');
      // Nothing is read on load, and there are no pages to turn.
      await expect(page.getByText('Nothing read yet.')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Pages' })).toHaveCount(0);
      await attachScreenshot(page, testInfo, 'cluster browser before reading');

      const row = (payload: string) => page.getByRole('row').filter({ hasText: payload });
      await page.getByRole('button', { name: 'Read the first 100 (get-and-requeue)' }).click();
      for (const payload of payloads) await expect(row(payload)).toBeVisible();
      await expect(page.getByTestId('page-range')).toContainText('Read 2 of');

      // Each message was taken and requeued: read again, they come back marked redelivered.
      await page.getByRole('button', { name: 'Read again' }).click();
      for (const payload of payloads) await expect(row(payload)).toContainText('redelivered');
      await expect(page.getByRole('navigation', { name: 'Pages' })).toHaveCount(0);

      // Message actions the cluster does not do are left out, with the reason.
      await row(payloads[0]!).getByRole('rowheader').getByRole('link').click();
      await expect(page.getByRole('button', { name: 'Delete message' })).toHaveCount(0);
      await expect(page.getByText(/^No delete, move or requeue of this message here\. Switchboard does not do this on cluster /)).toBeVisible();
      await expect(page.getByRole('region', { name: 'Payload' })).toContainText(payloads[0]!);
      await attachScreenshot(page, testInfo, 'cluster browser read again');
    } finally {
      await request.delete(`${base}/queues/${queue}`, { headers: auth() });
    }
  });
});
