import { expect, test } from '@playwright/test';
import { createUser, grant, strongPassword } from './access-helpers';
import { attachScreenshot, declareQueue, logIn, publishTo, uniqueName, userMenu } from './console-helpers';

test('a read-only API key is shown once, logs in, looks but changes nothing, and revoking it ends its session', async ({ page, browser, request }, testInfo) => {
  const keyName = uniqueName('e2e-ro');
  const queue = uniqueName('e2e-keyed');
  await declareQueue(request, queue);
  await publishTo(request, queue, 1);

  await logIn(page);
  await userMenu(page, 'API keys');
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  // By keyboard: type the name, Tab to Read-only, Space ticks it, Enter in the name submits.
  const nameField = page.getByLabel('Key name');
  await nameField.fill(keyName);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Read-only')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Read-only')).toBeChecked();
  await nameField.press('Enter');
  const shown = page.getByRole('dialog');
  await expect(shown.getByRole('heading')).toHaveText(`API key ${keyName} created`);
  const secret = (await shown.getByTestId('new-api-key').textContent())!.trim();
  expect(secret.length).toBeGreaterThan(20);
  await attachScreenshot(page, testInfo, 'key shown once');
  await expect(shown.getByRole('button', { name: 'Copy' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shown.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  const row = page.locator(`[data-api-key="${keyName}"]`);
  await expect(row.getByRole('cell').first()).toHaveText('read-only');

  const context = await browser.newContext();
  const keyPage = await context.newPage();
  await logIn(keyPage, 'admin', secret);
  await expect(keyPage.getByRole('button', { name: /User menu/ })).toHaveAccessibleName(`User menu: admin, key ${keyName} (read-only)`);
  await keyPage.goto(`/queues/${queue}`);
  await expect(keyPage.getByRole('link', { name: /Browse messages/ })).toBeVisible();
  await expect(keyPage.getByRole('button', { name: 'Purge', exact: true })).toHaveAccessibleDescription(
    `You are logged in with the read-only API key '${keyName}'`,
  );

  // Its page is closed first: the stream it holds would end with the revocation and send it to the login page, and a
  // page navigating by itself while the test drives it races the test (the API tests cover the stream's end).
  await keyPage.close();
  await row.getByRole('button', { name: `Revoke ${keyName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(row).toHaveCount(0);
  // The same browser's session cookie no longer opens any page: the server sends it to the login page.
  const afterRevoke = await context.newPage();
  await afterRevoke.goto(`/queues/${queue}`);
  await expect(afterRevoke).toHaveURL(/\/login/);
  await context.close();
});

test('"Log out everywhere" ends every session of the user', async ({ browser, request }) => {
  const user = uniqueName('e2e-twice');
  const password = strongPassword();
  await createUser(request, user, password, ['management']);
  await grant(request, '/', user, { configure: '', write: '', read: '.*' });

  const first = await browser.newContext();
  const second = await browser.newContext();
  const here = await first.newPage();
  const there = await second.newPage();
  await logIn(here, user, password);
  await logIn(there, user, password);
  // The other session's page is closed first: its event stream ends with the session and would send it to the
  // login page on its own, racing the test; a fresh page of that browser shows the session is gone.
  await there.close();
  await userMenu(here, 'Log out everywhere');
  await expect(here).toHaveURL(/\/login$/);
  const again = await second.newPage();
  await again.goto('/queues');
  await expect(again).toHaveURL(/\/login\?next=%2Fqueues$/);
  await first.close();
  await second.close();
});
