/**
 * @module The message browser on an attached RabbitMQ cluster (TEST_RABBITMQ_CLUSTER), chosen in the header's broker
 * switch: a classic queue's page offers the browser labelled get-and-requeue, the browser says what a read does and
 * reads nothing until asked, then shows the head of the queue, and a second read shows the messages redelivered; a
 * stream is peeked in pages, and read from a time.
 */
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { testCluster, withTestCluster } from './cluster-helpers';
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

      // A search keeps only the matches of the next read.
      await page.getByLabel('Search messages').fill(payloads[1]!);
      await page.getByLabel('Search messages').press('Enter');
      await expect(page.getByText(`Keeps only the messages matching “${payloads[1]}”.`)).toBeVisible();
      // Reading from a time is for peeking brokers and streams only: RabbitMQ does not record when a message entered this queue.
      await expect(page.getByLabel('Published since')).toHaveCount(0);
      await page.getByRole('button', { name: 'Read again' }).click();
      await expect(row(payloads[1]!)).toBeVisible();
      await expect(row(payloads[0]!)).toHaveCount(0);
      await expect(page.getByTestId('page-range')).toContainText('Read 2 of 2 ready messages from the head; 1 matching');
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('button', { name: 'Read again' }).click();
      await expect(row(payloads[0]!)).toBeVisible();

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

  test('a message published without a message-id cannot be picked for a replay, and says why', async ({ page, request }) => {
    test.setTimeout(120_000);
    const { base } = await cluster.attach(request, `${name}-ids`);
    const queue = uniqueName('e2e-rabbit-ids');
    const rabbit = testCluster();
    const rabbitAuth = { authorization: `Basic ${Buffer.from(`${rabbit.username}:${rabbit.password}`).toString('base64')}` };
    try {
      expect((await request.put(`${base}/queues/${queue}`, { headers: auth(), data: { arguments: {} } })).status()).toBe(201);
      // Another application's message, without a message-id, then one published through Switchboard (which names each).
      const anonymous = await request.post(`${rabbit.managementUrls[0]}/api/exchanges/%2F/amq.default/publish`, {
        headers: rabbitAuth,
        data: { routing_key: queue, payload: 'no id of its own', payload_encoding: 'string', properties: {} },
      });
      expect(((await anonymous.json()) as { routed: boolean }).routed).toBe(true);
      expect((await request.post(`${base}/queues/${queue}/messages`, { headers: auth(), data: { payload: 'named by Switchboard', properties: { messageId: 'named-1' } } })).status()).toBe(200);

      await logIn(page);
      await page.getByLabel('Broker', { exact: true }).selectOption({ label: `${name}-ids` });
      await page.goto(`/queues/${queue}/messages`);
      await page.getByRole('button', { name: 'Read the first 100 (get-and-requeue)' }).click();
      const unnamed = page.getByRole('checkbox', { name: 'Select message #1' });
      await expect(unnamed).toBeDisabled();
      await expect(unnamed).toHaveAttribute('title', /RabbitMQ keeps no id for a message published without a message-id/);
      await expect(page.getByRole('checkbox', { name: 'Select message named-1' })).toBeEnabled();
      // "Select all" picks only the one a replay can find.
      await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
      await expect(page.locator('[data-selected-count]')).toContainText('1');
      await expect(page.getByRole('checkbox', { name: 'Select message named-1' })).toBeChecked();
      await expect(unnamed).not.toBeChecked();
    } finally {
      await request.delete(`${base}/queues/${queue}`, { headers: auth() });
    }
  });

  test('a stream is peeked in pages without side effects, and read from a time', async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const { base } = await cluster.attach(request, `${name}-stream`);
    const stream = uniqueName('e2e-rabbit-stream');
    const rabbit = testCluster();
    const rabbitAuth = { authorization: `Basic ${Buffer.from(`${rabbit.username}:${rabbit.password}`).toString('base64')}` };
    // A stream is declared on RabbitMQ itself: the API declares the queue types both brokers have.
    const declared = await request.put(`${rabbit.managementUrls[0]}/api/queues/%2F/${stream}`, { headers: rabbitAuth, data: { durable: true, arguments: { 'x-queue-type': 'stream' } } });
    expect(declared.status(), await declared.text()).toBe(201);
    try {
      const publish = async (payload: string) => {
        const published = await request.post(`${base}/queues/${stream}/messages`, { headers: auth(), data: { payload } });
        expect(published.status(), await published.text()).toBe(200);
      };
      await publish('earlier event');
      // A stream's chunks carry their time to the second: the time asked for is the next whole second after the first.
      const since = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
      await page.waitForTimeout(since.getTime() - Date.now() + 50);
      await publish('later event');

      await logIn(page);
      await page.getByLabel('Broker', { exact: true }).selectOption({ label: `${name}-stream` });
      await page.goto(`/queues/${stream}/messages`);
      await expect(page.getByRole('heading', { name: `Messages in ${stream}`, level: 1 })).toBeVisible();
      // Peeked, as on the embedded broker: no get-and-requeue note, and both messages at once.
      await expect(page.getByRole('note', { name: 'How this queue is read' })).toHaveCount(0);
      const row = (payload: string) => page.getByRole('row').filter({ hasText: payload });
      await expect(row('earlier event')).toBeVisible({ timeout: 30_000 });
      await expect(row('later event')).toBeVisible();
      await expect(row('earlier event')).not.toContainText('redelivered');

      const local = (at: Date) => new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      await page.getByLabel('Published since').fill(local(since));
      await page.getByLabel('Published since').press('Enter');
      await expect(page).toHaveURL(/[?&]since=/);
      await expect(row('later event')).toBeVisible();
      await expect(row('earlier event')).toHaveCount(0);
      await attachScreenshot(page, testInfo, 'cluster stream since');
      // Nothing was taken: cleared, the stream shows both again.
      await page.getByRole('button', { name: 'Clear' }).click();
      await expect(row('earlier event')).toBeVisible();
      await expect(row('later event')).toBeVisible();
    } finally {
      await request.delete(`${base}/queues/${stream}`, { headers: auth() });
    }
  });
});
