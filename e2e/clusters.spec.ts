/**
 * @module Journeys of attached RabbitMQ clusters: a check that fails (or is stopped) saves nothing and says why in the
 * form; with a real cluster (TEST_RABBITMQ_CLUSTER), attaching it by keyboard, its three nodes running on its page, the
 * header's broker switch there and back, and detaching it; and the Queues pages acting on the cluster once the switch
 * chose it (list, queue page, purge), then on the embedded broker again; and a dead-letter queue on the cluster found,
 * previewed and replayed to its source from the Dead letters page, with what RabbitMQ cannot promise said first.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { adminToken } from './admin-token';
import { testCluster, withTestCluster } from './cluster-helpers';
import { attachScreenshot, declareQueue, logIn, uniqueName } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

async function clusterNamed(request: APIRequestContext, name: string): Promise<{ id: string; name: string } | undefined> {
  const response = await request.get('/api/v1/clusters', { headers: auth() });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { id: string; name: string }[]).find((cluster) => cluster.name === name);
}

async function openClusters(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' }).click();
  await expect(page.getByRole('heading', { name: 'Clusters', level: 1 })).toBeVisible();
}

const attachDialog = (page: Page) => page.getByRole('dialog', { name: 'Attach a RabbitMQ cluster' });
const field = (dialog: Locator, label: string) => dialog.getByLabel(label, { exact: true });
const isAttach = (url: string, method: string) => new URL(url).pathname === '/api/v1/clusters' && method === 'POST';

test('attaching a cluster nobody answers for: the check can be stopped, the server’s refusal shows in the form, nothing is saved', async ({ page, request }, testInfo) => {
  const name = uniqueName('e2e-nowhere');
  // The first attach is held before it reaches the server, so "Checking the cluster…" and stopping it are seen for sure.
  let release: () => void = () => undefined;
  let attempts = 0;
  await page.route('**/api/v1/clusters', async (route) => {
    if (route.request().method() !== 'POST' || attempts++ > 0) return route.continue();
    await new Promise<void>((resolve) => (release = resolve));
    await route.abort().catch(() => undefined);
  });

  await logIn(page);
  await openClusters(page);
  await page.getByRole('button', { name: 'Attach a cluster' }).click();
  const dialog = attachDialog(page);
  await field(dialog, 'Name').fill(name);
  await field(dialog, 'Management URLs').fill('http://127.0.0.1:1');
  await field(dialog, 'AMQP URLs').fill('amqp://127.0.0.1:1');
  await field(dialog, 'Username').fill('nobody');
  await field(dialog, 'Password').fill('not-a-password');

  await field(dialog, 'Password').press('Enter');
  await expect(dialog.getByRole('button', { name: 'Checking the cluster…' })).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText('Checking the cluster…');
  await attachScreenshot(page, testInfo, 'checking the cluster');
  await dialog.getByRole('button', { name: 'Stop checking' }).click();
  await expect(dialog.getByRole('status')).toContainText('Stopped waiting for the check');
  await expect(dialog.getByRole('button', { name: 'Attach cluster' })).toBeVisible();
  release();

  const answered = page.waitForResponse((response) => isAttach(response.url(), response.request().method()));
  await field(dialog, 'Password').press('Enter');
  const response = await answered;
  expect(response.status()).toBe(400);
  const { error } = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
  expect(error.code).toBe('bad_request');
  expect(error.details.field).toBe('managementUrls');
  await expect(dialog.getByRole('alert')).toContainText(error.message);
  await expect(field(dialog, 'Management URLs')).toHaveAttribute('aria-invalid', 'true');
  // What was typed stays, to be corrected.
  await expect(field(dialog, 'Name')).toHaveValue(name);
  await attachScreenshot(page, testInfo, 'refused by the server');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-cluster="${name}"]`)).toHaveCount(0);
  expect(await clusterNamed(request, name)).toBeUndefined();
});

test.describe('with a real RabbitMQ cluster', () => {
  const attached = withTestCluster();
  const name = uniqueName('e2e-rabbit');

  test.afterEach(async ({ request }) => {
    // A failed run must not leave the cluster attached for the journeys after it.
    const left = await clusterNamed(request, name);
    if (left) await request.delete(`/api/v1/clusters/${encodeURIComponent(left.id)}`, { headers: auth() });
  });

  test('a cluster attached by keyboard shows its three nodes running, is reached by the broker switch, and is detached', async ({ page, request }, testInfo) => {
    test.setTimeout(120_000);
    const cluster = testCluster();

    await logIn(page);
    // The journeys' server starts empty: without a cluster the header has no broker switch.
    const brokerSwitch = page.getByLabel('Broker', { exact: true });
    await expect(brokerSwitch).toHaveCount(0);
    await openClusters(page);

    await page.getByRole('button', { name: 'Attach a cluster' }).focus();
    await page.keyboard.press('Enter');
    const dialog = attachDialog(page);
    await expect(field(dialog, 'Name')).toBeFocused();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await expect(field(dialog, 'Management URLs')).toBeFocused();
    // Enter in a text area is a new line: one URL per line.
    await page.keyboard.type(cluster.managementUrls.join('\n'));
    await page.keyboard.press('Tab');
    await expect(field(dialog, 'AMQP URLs')).toBeFocused();
    await page.keyboard.type(cluster.amqpUrls.join('\n'));
    await page.keyboard.press('Tab');
    await expect(field(dialog, 'Username')).toBeFocused();
    await page.keyboard.type(cluster.username);
    await page.keyboard.press('Tab');
    await expect(field(dialog, 'Password')).toBeFocused();
    await page.keyboard.type(cluster.password);
    await page.keyboard.press('Enter');

    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: `Cluster ${name} attached.` })).toBeVisible();
    const row = page.locator(`[data-cluster="${name}"]`);
    // Its state comes from the server's background sampling (every 5 s), which the list follows.
    await expect(row.getByText('reachable', { exact: true })).toBeVisible({ timeout: 30_000 });
    const urls = cluster.managementUrls.map((url) => url.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    await expect(row).toContainText(new RegExp(urls.join('|')));
    await attachScreenshot(page, testInfo, 'cluster attached');

    const attached = await clusterNamed(request, name);
    expect(attached).toBeDefined();
    await expect(brokerSwitch).toHaveValue('');
    await brokerSwitch.selectOption({ label: name });
    await expect(page).toHaveURL(new RegExp(`/clusters/${attached!.id}$`));
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(brokerSwitch).toHaveValue(attached!.id);

    const nodes = page.locator('[data-node]');
    await expect(nodes).toHaveCount(3, { timeout: 30_000 });
    for (let i = 0; i < 3; i++) await expect(nodes.nth(i).getByText('running', { exact: true })).toBeVisible();
    await expect(page.getByRole('figure').filter({ hasText: 'Nodes running' })).toBeVisible({ timeout: 30_000 });
    await attachScreenshot(page, testInfo, 'cluster nodes');

    await brokerSwitch.selectOption({ label: 'Switchboard (embedded)' });
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('main').getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();

    await openClusters(page);
    await row.getByRole('button', { name: `Detach ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Detach the cluster ${name}?` });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Detach cluster' }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: `Cluster ${name} detached.` })).toBeVisible();
    await expect(brokerSwitch).toHaveCount(0);
    expect(await clusterNamed(request, name)).toBeUndefined();
  });

  test('the Queues pages act on the cluster chosen in the broker switch, then on the embedded broker again', async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const { id, base } = await attached.attach(request, name);
    const onCluster = `${base}/queues`;
    const clusterQueue = uniqueName('e2e-rabbit-queue');
    const embeddedQueue = uniqueName('e2e-embedded-queue');
    await declareQueue(request, embeddedQueue);
    try {
      const declared = await request.put(`${onCluster}/${clusterQueue}`, { headers: auth(), data: { arguments: {} } });
      expect(declared.status(), await declared.text()).toBe(201);
      for (let i = 0; i < 2; i++) {
        const published = await request.post(`${onCluster}/${clusterQueue}/messages`, { headers: auth(), data: { payload: JSON.stringify({ i }) } });
        expect(published.status(), await published.text()).toBe(200);
      }

      await logIn(page);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Queues' }).click();
      const search = page.getByLabel('Search queues by name');
      const row = (queue: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: queue, exact: true }) });
      await search.fill(embeddedQueue);
      await expect(row(embeddedQueue)).toBeVisible();

      const brokerSwitch = page.getByLabel('Broker', { exact: true });
      await brokerSwitch.selectOption({ label: name });
      // The page stays on Queues, now the cluster's; the header says which broker it is on.
      await expect(page).toHaveURL(/\/queues(\?|$)/);
      await expect(brokerSwitch).toHaveValue(id);
      await expect(brokerSwitch.locator('option:checked')).toHaveText(name);
      await expect(page.getByText('No “Oldest” column: RabbitMQ does not measure the age of the oldest ready message.')).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Oldest' })).toHaveCount(0);
      // The Overview and Routing work on the cluster too.
      await expect(nav.getByRole('link', { name: /^Overview/ })).not.toHaveAttribute('data-unavailable');
      await expect(nav.getByRole('link', { name: /^Routing/ })).not.toHaveAttribute('data-unavailable');

      await search.fill(clusterQueue);
      await expect(row(embeddedQueue)).toHaveCount(0);
      // RabbitMQ's management figures lag the messages by a few seconds.
      await expect(row(clusterQueue).getByRole('cell').first()).toHaveText('2', { timeout: 30_000 });
      await attachScreenshot(page, testInfo, 'cluster queues');

      await row(clusterQueue).getByRole('link', { name: clusterQueue, exact: true }).click();
      await expect(page.getByRole('heading', { name: clusterQueue, level: 1 })).toBeVisible();
      const ready = page.locator('[data-figure="Ready"]');
      await expect(ready).toHaveText('2', { timeout: 30_000 });
      await expect(page.locator('[data-figure="Oldest"]')).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'Browse messages (get-and-requeue) →' })).toBeVisible();
      // Charted from Switchboard's own 5 s samples of the cluster; what RabbitMQ does not measure is said instead.
      const charts = page.getByRole('region', { name: 'Charts' });
      await expect(charts.getByText('Consumer lag')).toBeVisible();
      await expect(charts.locator('[data-refusal]')).toContainText('RabbitMQ does not measure publish-to-ack latency');
      await attachScreenshot(page, testInfo, 'cluster queue page');

      await page.getByRole('button', { name: 'Purge', exact: true }).click();
      const purgeDialog = page.getByRole('dialog');
      await expect(purgeDialog.getByRole('heading')).toHaveText(`Purge 2 ready messages from ${clusterQueue}?`);
      await purgeDialog.getByRole('button', { name: 'Purge' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Purged 2 messages.' })).toBeVisible();
      await expect(ready).toHaveText('0', { timeout: 30_000 });

      await brokerSwitch.selectOption({ label: 'Switchboard (embedded)' });
      // The cluster's queue is not the embedded broker's: back to the list, of the embedded broker's queues.
      await expect(page).toHaveURL(/\/queues(\?|$)/);
      await expect(brokerSwitch).toHaveValue('');
      await search.fill(embeddedQueue);
      await expect(row(embeddedQueue)).toBeVisible();
      await expect(page.locator('[data-hidden-columns]')).toHaveCount(0);
      await search.fill(clusterQueue);
      await expect(page.getByText('No queue matches this search.')).toBeVisible();
    } finally {
      await request.delete(`${onCluster}/${clusterQueue}`, { headers: auth() });
      await request.delete(`/api/v1/queues/${embeddedQueue}`, { headers: auth() });
    }
  });

  test('a dead-letter queue on the cluster is found, previewed and replayed to its source from the Dead letters page', async ({ page, request }, testInfo) => {
    test.setTimeout(150_000);
    const { id, base } = await attached.attach(request, name);
    const onCluster = `${base}/queues`;
    const dlq = uniqueName('e2e-rabbit-dlq');
    const work = uniqueName('e2e-rabbit-work');
    try {
      expect((await request.put(`${onCluster}/${dlq}`, { headers: auth(), data: { arguments: {} } })).status()).toBe(201);
      const declared = await request.put(`${onCluster}/${work}`, { headers: auth(), data: { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dlq } } });
      expect(declared.status(), await declared.text()).toBe(201);
      // Each expires at once in the work queue, and RabbitMQ dead-letters it into the dead-letter queue.
      for (let i = 0; i < 3; i++) {
        const published = await request.post(`${onCluster}/${work}/messages`, { headers: auth(), data: { payload: `order ${i}`, properties: { expirationMs: 1 } } });
        expect(published.status(), await published.text()).toBe(200);
      }

      await logIn(page);
      await page.getByLabel('Broker', { exact: true }).selectOption({ label: name });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Dead letters/ }).click();
      await expect(page.getByRole('heading', { name: 'Dead letters', level: 1 })).toBeVisible();
      const dlqCard = page.locator(`li[data-dlq="${dlq}"]`);
      await expect(dlqCard).toContainText(`Receives dead letters from ${work}`);
      // RabbitMQ's management figures lag the messages by a few seconds.
      await expect(dlqCard.locator('[data-figure="dead letters"]')).toHaveText('3', { timeout: 30_000 });
      await expect(dlqCard.locator('[data-refusal]')).toContainText('RabbitMQ does not count dead letters by reason');
      await attachScreenshot(page, testInfo, 'cluster dead letters');

      await dlqCard.getByRole('link', { name: dlq }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: `Replay from ${dlq}` })).toBeVisible();
      await expect(page.getByLabel('Back to their source (x-death)', { exact: true })).toBeChecked();
      await expect(page.getByText(/the preview takes each one and gives it back/)).toBeVisible();
      await page.getByRole('button', { name: 'Preview replay' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByRole('heading')).toHaveText(`Replay 3 messages from ${dlq}?`);
      // What a replay on RabbitMQ cannot promise is said before it starts.
      await expect(dialog.locator('[data-refusal]')).toContainText('if Switchboard stops between the two, that message arrives twice');
      await attachScreenshot(page, testInfo, 'cluster replay preview');
      await dialog.getByRole('button', { name: 'Start replay' }).click();

      const current = page.getByRole('region', { name: 'Current replay' });
      await expect(current.getByRole('status')).toHaveText('Completed', { timeout: 30_000 });
      await expect(current.locator('[data-job-progress]')).toHaveText('3 done · 0 skipped · 0 failed of 3');
      await expect(page.getByRole('list', { name: 'Past replays' })).toContainText('Completed: 3 moved of 3 messages');
      await expect(page.locator(`[data-source-queue="${work}"] [data-figure="source ready"]`)).toHaveText('3', { timeout: 30_000 });
      await expect(dlqCard.locator('[data-figure="dead letters"]')).toHaveText('0', { timeout: 30_000 });
      await attachScreenshot(page, testInfo, 'cluster replay done');
    } finally {
      await request.delete(`${onCluster}/${work}`, { headers: auth() });
      await request.delete(`${onCluster}/${dlq}`, { headers: auth() });
    }
  });
});
