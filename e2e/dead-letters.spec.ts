import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}` });

/** A work queue dead-lettering through the default exchange into `<name>-dlq`, with `count` messages nacked into it. */
async function deadLetter(request: APIRequestContext, count: number): Promise<{ work: string; dlq: string }> {
  const work = uniqueName('orders');
  const dlq = `${work}-dlq`;
  await declareQueue(request, dlq);
  await declareQueue(request, work, { deadLetterExchange: '', deadLetterRoutingKey: dlq });
  await publishTo(request, work, count);
  const received = await request.post(`/api/v1/queues/${work}/receive`, { headers: auth(), data: { max: count } });
  expect(received.status(), await received.text()).toBe(200);
  const { messages } = (await received.json()) as { messages: { deliveryTag: string }[] };
  expect(messages).toHaveLength(count);
  const nacked = await request.post(`/api/v1/queues/${work}/nack`, {
    headers: auth(),
    data: { deliveryTags: messages.map((m) => m.deliveryTag), requeue: false },
  });
  expect(nacked.status(), await nacked.text()).toBe(200);
  return { work, dlq };
}

const card = (page: Page, dlq: string) => page.locator(`li[data-dlq="${dlq}"]`);

test('dead letters by nack, replayed to their source: preview, progress, counts change', async ({ page, request }, testInfo) => {
  const { work, dlq } = await deadLetter(request, 5);

  await logIn(page);
  await page.goto('/dead-letters');
  await expect(page.getByRole('heading', { name: 'Dead letters', level: 1 })).toBeVisible();
  const dlqCard = card(page, dlq);
  await expect(dlqCard.locator('[data-figure="dead letters"]')).toHaveText('5');
  await expect(dlqCard.getByRole('list', { name: `By reason in ${dlq}` })).toHaveText(/rejected\s*5/);
  await expect(dlqCard.getByRole('list', { name: `By source queue in ${dlq}` })).toHaveText(new RegExp(`${work}\\s*5`));
  await expect(dlqCard).toContainText(`Receives dead letters from ${work}`);
  await attachScreenshot(page, testInfo, 'dead letters list');

  // Select the queue by keyboard; the URL holds the selection.
  await dlqCard.getByRole('link', { name: dlq }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/dead-letters\\?queue=${dlq}$`));
  await expect(page.getByRole('heading', { name: `Replay from ${dlq}` })).toBeVisible();
  const sourceReady = page.locator(`[data-source-queue="${work}"] [data-figure="source ready"]`);
  await expect(sourceReady).toHaveText('0');
  await expect(page.getByLabel('Back to their source (x-death)', { exact: true })).toBeChecked();

  await page.getByRole('button', { name: 'Preview replay' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Replay 5 messages from ${dlq}?`);
  await expect(dialog).toContainText('5 messages will move.');
  await expect(dialog).toContainText('back to where they died (from x-death)');
  await attachScreenshot(page, testInfo, 'replay preview');
  // Nothing has moved yet.
  await expect(dlqCard.locator('[data-figure="dead letters"]')).toHaveText('5');
  await dialog.getByRole('button', { name: 'Start replay' }).click();

  const current = page.getByRole('region', { name: 'Current replay' });
  await expect(current.getByRole('status')).toHaveText('Completed');
  await expect(current.getByRole('progressbar', { name: 'Replay progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(current.locator('[data-job-progress]')).toHaveText('5 done · 0 skipped · 0 failed of 5');
  await expect(dlqCard.locator('[data-figure="dead letters"]')).toHaveText('0');
  await expect(sourceReady).toHaveText('5');
  await expect(page.getByRole('list', { name: 'Past replays' })).toContainText('Completed: 5 moved of 5 messages');
  await attachScreenshot(page, testInfo, 'replay done');

  // The work queue's own page agrees.
  await page.locator(`[data-source-queue="${work}"]`).getByRole('link', { name: work, exact: true }).click();
  await expect(page.getByRole('heading', { name: work, level: 1 })).toBeVisible();
  await expect(page.locator('[data-figure="Ready"]')).toHaveText('5');
});

test('a slow replay can be paused, resumed and cancelled; filters and errors show', async ({ page, request }, testInfo) => {
  const { work, dlq } = await deadLetter(request, 5);
  await logIn(page);
  await page.goto(`/dead-letters?queue=${dlq}`);
  await expect(page.getByRole('heading', { name: `Replay from ${dlq}` })).toBeVisible();

  // A bad form is explained before anything is sent.
  await page.getByLabel('Only matching a filter', { exact: true }).check();
  await page.getByRole('button', { name: 'Preview replay' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix these first' })).toContainText('Set at least one filter, or choose "All messages".');

  // A filter that matches nothing.
  await page.getByLabel('Reason', { exact: true }).selectOption('expired');
  await page.getByRole('button', { name: 'Preview replay' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No messages match' })).toBeVisible();

  await page.getByLabel('Reason', { exact: true }).selectOption('rejected');
  await page.getByLabel('Source queue', { exact: true }).fill(work);
  await page.getByLabel('A queue', { exact: true }).check();
  await page.getByLabel('Destination queue', { exact: true }).fill(work);
  await page.getByRole('button', { name: 'Preview replay' }).click();
  await expect(page.getByRole('dialog')).toContainText('5 messages will move.');
  await expect(page.getByRole('dialog')).toContainText(`to the queue ${work}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await page.getByLabel('Back to their source (x-death)', { exact: true }).check();
  await page.getByLabel('Rate (messages/s)', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Preview replay' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('5 messages will move.');
  await expect(dialog).toContainText('at 1 per second');
  await dialog.getByRole('button', { name: 'Start replay' }).click();

  const current = page.getByRole('region', { name: 'Current replay' });
  const status = current.getByRole('status');
  await expect(status).toHaveText('Running');
  await current.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveText('Paused');
  await attachScreenshot(page, testInfo, 'replay paused');
  await current.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText('Running');
  await current.getByRole('button', { name: 'Cancel replay' }).click();
  await expect(status).toHaveText('Cancelled');
  const done = Number((await current.locator('[data-job-progress]').textContent())?.match(/^(\d+) done/)?.[1]);
  expect(done).toBeLessThan(5);
  await expect(page.getByRole('list', { name: 'Past replays' })).toContainText(`Cancelled: ${done} moved of 5 messages`);
  // What moved stays moved, nothing is lost or duplicated.
  await expect(card(page, dlq).locator('[data-figure="dead letters"]')).toHaveText(String(5 - done));
  await expect(page.locator(`[data-source-queue="${work}"] [data-figure="source ready"]`)).toHaveText(String(done));

  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await attachScreenshot(page, testInfo, 'dead letters dark');

  // An API error is shown with its message.
  const missing = uniqueName('gone-dlq');
  await page.goto(`/dead-letters?queue=${missing}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load the counts' }).first()).toContainText(missing);
});
