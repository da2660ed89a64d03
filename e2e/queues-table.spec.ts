import { expect, test } from '@playwright/test';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

test('browse and search queues, sort by ready, the URL keeps it all', async ({ page, request }, testInfo) => {
  const prefix = uniqueName('e2e-browse');
  for (const suffix of ['a', 'b', 'c']) await declareQueue(request, `${prefix}-${suffix}`);
  await publishTo(request, `${prefix}-b`, 2);
  await declareQueue(request, uniqueName('e2e-other'));

  await logIn(page);
  await page.goto('/queues');
  await page.getByLabel('Search queues by name').fill(prefix);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  const body = page.getByRole('table').getByRole('rowgroup').nth(1);
  await expect(body.getByRole('row')).toHaveCount(3);
  await expect(body.getByRole('row').first().getByRole('rowheader')).toHaveText(`${prefix}-a`);

  const readyHeader = page.getByRole('columnheader', { name: 'Ready' });
  await readyHeader.getByRole('button').click();
  await expect(readyHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/sort=-messagesReady/);
  await expect(body.getByRole('row').first().getByRole('rowheader')).toHaveText(`${prefix}-b`);
  await expect(body.getByRole('row').first().getByRole('cell').first()).toHaveText('2');
  await expect(body.getByRole('img', { name: new RegExp(`Ready messages of ${prefix}-b`) })).toBeVisible();

  const oldestHeader = page.getByRole('columnheader', { name: 'Oldest' });
  await oldestHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=-oldestReadyAgeMs/);
  await expect(oldestHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(readyHeader).toHaveAttribute('aria-sort', 'none');
  await expect(body.getByRole('row').first().getByRole('rowheader')).toHaveText(`${prefix}-b`);
  await readyHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=-messagesReady/);

  // A reload lands on the same search and sort.
  await page.reload();
  await expect(page.getByLabel('Search queues by name')).toHaveValue(prefix);
  await expect(body.getByRole('row').first().getByRole('rowheader')).toHaveText(`${prefix}-b`);
  await attachScreenshot(page, testInfo, 'queues table');
});

test('the queue table works by keyboard', async ({ page, request }) => {
  const name = uniqueName('e2e-keys');
  await declareQueue(request, name);
  await logIn(page);
  await page.goto('/queues');

  const search = page.getByLabel('Search queues by name');
  for (let i = 0; i < 20 && !(await search.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(search).toBeFocused();
  await page.keyboard.type(name);
  // The search applies once typing pauses (it goes into the URL); a person Tabs on to the results after that.
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await expect(page.getByRole('row')).toHaveCount(2);
  const link = page.getByRole('link', { name, exact: true });
  await expect(link).toBeVisible();
  for (let i = 0; i < 20 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/queues/${name}$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
});
