import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, logIn } from './console-helpers';

const amqpPort = () => Number(process.env.E2E_AMQP_PORT);
const amqpUrl = () => `amqp://admin:${encodeURIComponent(adminToken())}@127.0.0.1:${amqpPort()}`;

test('an operator finds an AMQP client, reads its properties and channels, and closes it', async ({ page }, testInfo) => {
  const name = `e2e-conn-${randomUUID().slice(0, 8)}`;
  const client = await amqp.connect(amqpUrl(), {
    clientProperties: { connection_name: name, product: 'e2e-shop', version: '4.2.0', information: '<b>not bold</b>' },
  });
  client.on('error', () => {}); // the forced close is also reported as an error; we wait for 'close'
  const closed = new Promise<(Error & { code?: number }) | undefined>((resolve) => client.once('close', resolve));
  const queue = `e2e-conn-q-${randomUUID().slice(0, 8)}`;
  try {
    const channel = await client.createChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: true });
    await channel.prefetch(20);
    await channel.consume(queue, () => {}); // never acks: the delivery stays unacked
    channel.sendToQueue(queue, Buffer.from('held'));
    await client.createConfirmChannel();

    await logIn(page);
    const main = page.getByRole('main');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await expect(main.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
    await expect(page.getByTestId('amqp-connect-hint')).toContainText(`amqp://admin:<password>@127.0.0.1:${amqpPort()}`);

    const row = page.getByTestId('connection-row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
    await expect(row).toBeVisible();
    // User, Client (product, version, platform), Channels, Consumers, Unacked, Publish, Deliver, Ack, Connected, State
    const cells = row.getByRole('cell');
    await expect(cells.nth(0)).toHaveText('admin');
    await expect(cells.nth(1)).toContainText('e2e-shop 4.2.0');
    await expect(cells.nth(1)).toContainText('Node');
    await expect(cells.nth(2)).toHaveText('2');
    await expect(cells.nth(3)).toHaveText('1');
    await expect(cells.nth(4)).toHaveText('1');
    await expect(cells.nth(9)).toHaveText('running');

    // open the details from the keyboard
    const details = row.getByRole('button', { name: `Show details of ${name}` });
    await details.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('connection-detail');
    await expect(detail).toBeVisible();
    await expect(detail.getByRole('definition').filter({ hasText: name })).toHaveCount(1);
    await expect(detail).toContainText('capabilities.publisher_confirms');
    // client properties are inert text: the markup is shown, not rendered
    await expect(detail.getByText('<b>not bold</b>', { exact: true })).toBeVisible();
    await expect(detail.locator('b')).toHaveCount(0);
    const channels = detail.getByRole('table', { name: 'Channels of this connection' });
    await expect(channels.getByRole('row')).toHaveCount(3);
    await expect(channels.getByRole('row', { name: /^1 1 1 20 unlimited off/ })).toBeVisible();
    await expect(channels.getByRole('row', { name: /^2 0 0 unlimited unlimited on 0/ })).toBeVisible();
    await attachScreenshot(page, testInfo, 'connections light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await attachScreenshot(page, testInfo, 'connections dark');

    // cancel first: nothing happens
    await row.getByRole('button', { name: `Close connection ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Close connection ${name}?` });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: `Close connection ${name}` }).click();
    await dialog.getByRole('button', { name: 'Close connection' }).click();
    const error = await closed;
    expect(error?.code).toBe(320);
    expect(error?.message).toContain('CONNECTION_FORCED');
    await expect(row).toHaveCount(0);
  } finally {
    await client.close().catch(() => {});
  }
});
