/** @module Journeys through the message browser: peek and page, search, inspect, act on one message, inert payloads, x-death. */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

async function publish(request: APIRequestContext, queue: string, payload: string, properties: Record<string, unknown> = {}): Promise<string> {
  const response = await request.post(`/api/v1/queues/${encodeURIComponent(queue)}/messages`, { headers: auth(), data: { payload, properties } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { messageId: string }).messageId;
}

const rows = (page: Page) => page.locator('tbody tr[data-message-id]');
const ready = (page: Page) => page.locator('[data-figure="Ready"]');

test('peek and page through 60 messages, 50 at a time, by mouse and keyboard', async ({ page, request }, testInfo) => {
  const name = uniqueName('e2e-browse');
  await declareQueue(request, name);
  await publishTo(request, name, 60);

  await logIn(page);
  await page.goto(`/queues/${name}`);
  await page.getByRole('link', { name: 'Browse messages →' }).click();
  await expect(page).toHaveURL(new RegExp(`/queues/${name}/messages$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Messages in ${name}`);
  await expect(page.getByTestId('page-range')).toHaveText('Page 1: messages 1–50');
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText('{"i":0}');
  await attachScreenshot(page, testInfo, 'message browser page 1');

  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId('page-range')).toHaveText('Page 2: messages 51–60');
  await expect(rows(page)).toHaveCount(10);
  await expect(rows(page).first()).toContainText('{"i":50}');
  await expect(rows(page).last()).toContainText('{"i":59}');
  await expect(page.getByRole('button', { name: 'Next →' })).toBeDisabled();

  await page.getByRole('button', { name: '← Previous' }).click();
  await expect(page.getByTestId('page-range')).toHaveText('Page 1: messages 1–50');
  await expect(rows(page).first()).toContainText('{"i":0}');
  await expect(page.getByRole('button', { name: '← Previous' })).toBeDisabled();

  // Keyboard: Tab from one row's link to the next row's checkbox (Space picks it), then its link; Enter opens it.
  const firstLink = rows(page).nth(0).getByRole('link');
  const secondId = (await rows(page).nth(1).getAttribute('data-message-id')) ?? '';
  await firstLink.focus();
  await page.keyboard.press('Tab');
  const secondBox = rows(page).nth(1).getByRole('checkbox', { name: `Select message ${secondId}` });
  await expect(secondBox).toBeFocused();
  await page.keyboard.press('Space');
  await expect(secondBox).toBeChecked();
  await expect(page.getByText('1 selected', { exact: true })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(secondBox).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(rows(page).nth(1).getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/message=/);
  await expect(page.getByRole('heading', { level: 3, name: secondId })).toBeVisible();
  await expect(page.getByLabel('JSON payload')).toHaveText('{\n  "i": 1\n}');
  await page.getByRole('tab', { name: 'Hex' }).click();
  await expect(page.getByRole('table', { name: 'Hex payload' })).toContainText('7b 22 69 22 3a 31 7d');
  await attachScreenshot(page, testInfo, 'message detail');
  await page.emulateMedia({ colorScheme: 'dark' });
  await attachScreenshot(page, testInfo, 'message detail dark');

  // Peeking consumed nothing.
  await page.goto(`/queues/${name}`);
  await expect(ready(page)).toHaveText('60');
});

test('search by a header value', async ({ page, request }, testInfo) => {
  const name = uniqueName('e2e-search');
  await declareQueue(request, name);
  await publish(request, name, 'one', { headers: { tenant: 'eu-west' } });
  const wanted = await publish(request, name, 'two', { headers: { tenant: 'us-east-7' } });
  await publish(request, name, 'three', { headers: { tenant: 'eu-west' } });

  await logIn(page);
  await page.goto(`/queues/${name}/messages`);
  await expect(rows(page)).toHaveCount(3);
  await page.getByLabel('Search messages').fill('us-east-7');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/search=us-east-7/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-message-id', wanted);
  await rows(page).first().getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Headers' })).toContainText('us-east-7');
  await attachScreenshot(page, testInfo, 'search by header');

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(rows(page)).toHaveCount(3);
});

test('delete one message and move one to another queue; both queues count it; copy into the publish form', async ({ page, request }, testInfo) => {
  const source = uniqueName('e2e-src');
  const target = uniqueName('e2e-dst');
  await declareQueue(request, source);
  await declareQueue(request, target);
  const first = await publish(request, source, 'first', { contentType: 'text/plain' });
  const second = await publish(request, source, 'second', { contentType: 'text/plain' });
  await publish(request, source, 'third', { contentType: 'text/plain', headers: { tenant: 'eu' } });

  await logIn(page);
  await page.goto(`/queues/${source}/messages`);
  await rows(page).filter({ hasText: 'first' }).getByRole('link').click();
  await page.getByRole('button', { name: 'Delete message' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Delete message ${first}?`);
  await dialog.getByRole('button', { name: 'Delete message' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Deleted message ${first}.` })).toBeVisible();
  await expect(rows(page)).toHaveCount(2);

  await rows(page).filter({ hasText: 'second' }).getByRole('link').click();
  await page.getByRole('button', { name: 'Move…' }).click();
  await page.getByLabel('Target queue').fill(target);
  await page.getByRole('button', { name: 'Move message' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Moved message ${second} to ${target}.` })).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  await attachScreenshot(page, testInfo, 'after delete and move');

  await page.goto(`/queues/${target}/messages`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-message-id', second);

  await page.goto(`/queues/${source}`);
  await expect(ready(page)).toHaveText('1');
  await page.goto(`/queues/${target}`);
  await expect(ready(page)).toHaveText('1');

  await page.goto(`/queues/${source}/messages`);
  await rows(page).first().getByRole('link').click();
  await page.getByRole('button', { name: 'Copy into publish form' }).click();
  await expect(page).toHaveURL(new RegExp(`/queues/${source}$`));
  await expect(page.getByLabel('Payload')).toHaveValue('third');
  await expect(page.getByLabel('Content type')).toHaveValue('text/plain');
  await expect(page.getByLabel('Header 1 value')).toHaveValue('eu');
});

test('an action on a message that is out on a lease shows the API error', async ({ page, request }, testInfo) => {
  const name = uniqueName('e2e-lease');
  await declareQueue(request, name);
  const id = await publish(request, name, 'leased');
  await logIn(page);
  await page.goto(`/queues/${name}/messages`);
  await rows(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 3, name: id })).toBeVisible();
  const received = await request.post(`/api/v1/queues/${name}/receive`, { headers: auth(), data: { max: 1 } });
  expect(received.status()).toBe(200);
  await page.getByRole('button', { name: 'Requeue at tail' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not requeue the message' })).toBeVisible();
  await attachScreenshot(page, testInfo, 'requeue refused while leased');
});

test('an HTML payload shows as text in every view and runs nothing', async ({ page, request }, testInfo) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const html = '<img src=x onerror=alert(1)>';
  const name = uniqueName('e2e-xss');
  await declareQueue(request, name);
  await publish(request, name, html, { contentType: 'text/html', headers: { note: html } });

  await logIn(page);
  await page.goto(`/queues/${name}/messages`);
  await expect(rows(page).first()).toContainText(html);
  await rows(page).first().getByRole('link').click();
  await expect(page.getByLabel('Text payload')).toHaveText(html);
  await expect(page.getByRole('region', { name: 'Headers' })).toContainText(html);
  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect(page.getByText('This payload is not JSON.')).toBeVisible();
  await page.getByRole('tab', { name: 'Hex' }).click();
  await expect(page.getByRole('table', { name: 'Hex payload' })).toContainText('<img src=x onerr');
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'html payload as text');
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});

test('a dead-lettered message shows its x-death timeline', async ({ page, request }, testInfo) => {
  const dlq = uniqueName('e2e-dlq');
  const work = uniqueName('e2e-work');
  await declareQueue(request, dlq);
  await declareQueue(request, work, { deadLetterExchange: '', deadLetterRoutingKey: dlq });
  await publish(request, work, '{"order":7}', { contentType: 'application/json' });
  const received = await request.post(`/api/v1/queues/${work}/receive`, { headers: auth(), data: { max: 1 } });
  const { messages } = (await received.json()) as { messages: { deliveryTag: string }[] };
  expect(messages).toHaveLength(1);
  const nacked = await request.post(`/api/v1/queues/${work}/nack`, { headers: auth(), data: { deliveryTags: [messages[0]?.deliveryTag], requeue: false } });
  expect(nacked.status(), await nacked.text()).toBe(200);

  await logIn(page);
  await page.goto(`/queues/${dlq}/messages`);
  await rows(page).first().getByRole('link').click();
  const timeline = page.getByRole('list', { name: 'x-death timeline' });
  await expect(timeline.getByRole('listitem')).toHaveCount(1);
  await expect(timeline).toContainText(`rejected from ${work}`);
  await expect(timeline).toContainText('(default exchange)');
  await expect(timeline).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  await expect(page.getByLabel('JSON payload')).toHaveText('{\n  "order": 7\n}');
  await attachScreenshot(page, testInfo, 'x-death timeline');
});

test('replay 2 of 3 selected dead letters back to their source', async ({ page, request }, testInfo) => {
  const dlq = uniqueName('e2e-sel-dlq');
  const work = uniqueName('e2e-sel-work');
  await declareQueue(request, dlq);
  await declareQueue(request, work, { deadLetterExchange: '', deadLetterRoutingKey: dlq });
  for (const n of [1, 2, 3]) await publish(request, work, `{"n":${n}}`, { contentType: 'application/json' });
  const received = await request.post(`/api/v1/queues/${work}/receive`, { headers: auth(), data: { max: 3 } });
  const { messages } = (await received.json()) as { messages: { deliveryTag: string }[] };
  expect(messages).toHaveLength(3);
  const nacked = await request.post(`/api/v1/queues/${work}/nack`, {
    headers: auth(),
    data: { deliveryTags: messages.map((m) => m.deliveryTag), requeue: false },
  });
  expect(nacked.status(), await nacked.text()).toBe(200);

  await logIn(page);
  await page.goto(`/queues/${dlq}/messages`);
  await expect(rows(page)).toHaveCount(3);
  const pageBox = page.getByRole('checkbox', { name: 'Select all on this page' });
  await expect(pageBox).not.toBeChecked();
  const ids = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-message-id') ?? ''));
  const kept = ids[2] ?? '';
  await page.getByRole('checkbox', { name: `Select message ${ids[0]}` }).check();
  await page.getByRole('checkbox', { name: `Select message ${ids[1]}` }).check();
  await expect(page.getByText('2 selected', { exact: true })).toBeVisible();
  await expect(pageBox).toHaveJSProperty('indeterminate', true);
  await attachScreenshot(page, testInfo, 'two dead letters selected');

  await page.getByRole('button', { name: 'Replay selected…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Replay 2 selected messages from ${dlq}?`);
  await expect(dialog.getByRole('radio', { name: 'Back to their source (x-death)' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page.locator('[data-job-status="completed"]')).toBeVisible();
  await expect(page.locator('[data-job-progress]')).toHaveText('2 done · 0 skipped · 0 failed of 2');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-message-id', kept);
  await expect(page.getByText('2 selected', { exact: true })).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'selected replay completed');

  await page.goto(`/queues/${work}`);
  await expect(ready(page)).toHaveText('2');
  await page.goto(`/queues/${dlq}`);
  await expect(ready(page)).toHaveText('1');
});
