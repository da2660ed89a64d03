/** @module Shared steps of the console journeys: log in through the form, call the API as the admin, keep screenshots. */
import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { adminToken } from './admin-token';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Logs in through the form, as admin with its API key unless told otherwise, and waits for the Overview. */
export async function logIn(page: Page, user = 'admin', password = adminToken()): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('main').getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
}

/** Opens the header's user menu and picks an item (Log out, Log out everywhere, API keys). */
export async function userMenu(page: Page, item: 'Log out' | 'Log out everywhere' | 'API keys'): Promise<void> {
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole(item === 'API keys' ? 'link' : 'button', { name: item, exact: true }).click();
}

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

export async function declareQueue(request: APIRequestContext, name: string, args: Record<string, unknown> = {}): Promise<void> {
  const response = await request.put(`/api/v1/queues/${encodeURIComponent(name)}`, { headers: auth(), data: { arguments: args } });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

export async function publishTo(request: APIRequestContext, queue: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await request.post(`/api/v1/queues/${encodeURIComponent(queue)}/messages`, {
      headers: auth(),
      data: { payload: JSON.stringify({ i }), properties: { contentType: 'application/json' } },
    });
    expect(response.status(), await response.text()).toBe(200);
  }
}

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name.replace(/\W+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
