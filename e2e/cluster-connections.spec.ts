/**
 * @module The Connections page on an attached RabbitMQ cluster (TEST_RABBITMQ_CLUSTER): an application's connection
 * to one of its nodes is listed for the chosen vhost, beside the URLs applications connect to, and closed from the
 * console; the application reads 320 CONNECTION_FORCED.
 */
import amqp from 'amqplib';
import { expect, test } from '@playwright/test';
import { testCluster, withTestCluster } from './cluster-helpers';
import { attachScreenshot, logIn, uniqueName } from './console-helpers';

test.describe('connections on a real RabbitMQ cluster', () => {
  const attached = withTestCluster();

  test("an application's connection to a node is listed for the vhost and closed from the console", async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const cluster = testCluster();
    const name = uniqueName('e2e-rabbit-connections');
    await attached.attach(request, name);

    const url = new URL(cluster.amqpUrls[1]);
    url.username = encodeURIComponent(cluster.username);
    url.password = encodeURIComponent(cluster.password);
    const application = uniqueName('e2e-app');
    const client = await amqp.connect(url.toString(), { clientProperties: { connection_name: application } });
    client.on('error', () => {}); // the forced close is also reported as an error; we wait for 'close'
    const closed = new Promise<(Error & { code?: number }) | undefined>((resolve) => client.once('close', resolve));
    try {
      await client.createChannel();
      await logIn(page);
      await page.getByLabel('Broker', { exact: true }).selectOption({ label: name });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
      await expect(page.getByRole('main').getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
      await expect(page.getByTestId('amqp-connect-hint')).toContainText(cluster.amqpUrls[1]);

      const row = page.getByTestId('connection-row').filter({ has: page.getByRole('rowheader', { name: new RegExp(application) }) });
      // RabbitMQ's management API lists a new connection after a few seconds (more on a busy machine).
      await expect(row).toBeVisible({ timeout: 60_000 });
      await attachScreenshot(page, testInfo, 'cluster connections');

      await row.getByRole('button', { name: `Close connection ${application}` }).click();
      await page.getByRole('dialog', { name: `Close connection ${application}?` }).getByRole('button', { name: 'Close connection' }).click();
      const error = await closed;
      expect(error?.code).toBe(320);
      expect(error?.message).toContain('CONNECTION_FORCED');
      await expect(row).toHaveCount(0, { timeout: 60_000 });
    } finally {
      await client.close().catch(() => {});
    }
  });
});
