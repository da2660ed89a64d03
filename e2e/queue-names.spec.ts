/**
 * Queues named as AMQP clients name them (celery's `celery@host.celery.pidbox`, spaces, slashes, non-ASCII, `%`) are
 * found in the console's list, opened, browsed, purged and deleted: every link and call encodes the name once.
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { expect, test } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, logIn } from './console-helpers';

const amqpUrl = () => `amqp://admin:${encodeURIComponent(adminToken())}@127.0.0.1:${process.env.E2E_AMQP_PORT}`;
const NAMES = ['celery@host.celery.pidbox', 'a b', 'x/y', 'ünï', '%41', 'a%2Fb'];

test('queues declared over AMQP with RabbitMQ-style names are browsed, purged and deleted from the console', async ({ page, request }, testInfo) => {
  test.setTimeout(NAMES.length * 45_000); // six full journeys, each a few page loads
  const run = randomUUID().slice(0, 8);
  const queues = NAMES.map((name) => `${name}~${run}`);
  const client = await amqp.connect(amqpUrl());
  try {
    const channel = await client.createChannel();
    for (const queue of queues) {
      await channel.assertQueue(queue, { durable: true });
      channel.sendToQueue(queue, Buffer.from(`for ${queue}`), { persistent: true });
      channel.sendToQueue(queue, Buffer.from('second'), { persistent: true });
    }
    await channel.close();
  } finally {
    await client.close();
  }

  await logIn(page);
  for (const queue of queues) {
    await page.goto(`/queues?q=${encodeURIComponent(run)}`);
    const link = page.getByRole('main').getByRole('link', { name: queue, exact: true });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole('heading', { name: queue, level: 1 })).toBeVisible();
    const ready = page.locator('[data-figure="Ready"]');
    await expect(ready).toHaveText('2');

    await page.getByRole('link', { name: 'Browse messages →' }).click();
    await expect(page.getByText(`for ${queue}`).first()).toBeVisible();
    await page.getByRole('link', { name: /All queues|←/ }).first().click();
    await expect(page.getByRole('heading', { name: queue, level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Purge', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Purge' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Purged 2 messages.' })).toBeVisible();
    await expect(ready).toHaveText('0');
    if (queue === queues[0]) await attachScreenshot(page, testInfo, 'celery queue purged');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete queue' }).click();
    await expect(page).toHaveURL(/\/queues$/);
    const gone = await request.get(`/api/v1/queues/${encodeURIComponent(queue)}`, { headers: { authorization: `Bearer ${adminToken()}` } });
    expect(gone.status(), queue).toBe(404);
  }
});

test('a quorum queue shows its type in the list and on its page', async ({ page, request }) => {
  const queue = `e2e quorum/${randomUUID().slice(0, 8)}`;
  const created = await request.put(`/api/v1/queues/${encodeURIComponent(queue)}`, { headers: { authorization: `Bearer ${adminToken()}` }, data: { type: 'quorum' } });
  expect(created.status(), await created.text()).toBe(201);
  await logIn(page);
  await page.goto(`/queues?q=${encodeURIComponent(queue)}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: queue, exact: true }) });
  await expect(row.locator('[data-queue-type="quorum"]')).toHaveText('quorum');
  await row.getByRole('link', { name: queue, exact: true }).click();
  await expect(page.locator('[data-queue-type="quorum"]')).toContainText('quorum queue');
});
