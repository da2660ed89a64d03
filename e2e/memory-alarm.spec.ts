import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminToken } from './admin-token';
import { attachScreenshot, logIn } from './console-helpers';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

async function setWatermark(request: APIRequestContext, watermark: number | string): Promise<void> {
  const response = await request.put('/api/v1/memory-watermark', { headers: auth(), data: { watermark } });
  expect(response.status(), await response.text()).toBe(200);
}

test('an alarm banner shows on every page while memory is over its watermark, in light and dark, and goes when it clears', async ({ page, request }, testInfo) => {
  const before = await request.get('/api/v1/memory-watermark', { headers: auth() });
  const original = (await before.json()).watermark as number | string;
  await logIn(page);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Switchboard is degraded' })).toHaveCount(0);
  try {
    await setWatermark(request, '1MiB');
    const banner = page.getByRole('alert', { name: 'Switchboard is degraded' });
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner.getByRole('listitem')).toHaveText([/^memory .+ is over the high watermark 1 MiB: publishers are blocked$/]);
    await attachScreenshot(page, testInfo, 'memory alarm light');
    await page.goto('/queues');
    await expect(banner).toBeVisible();
    await page.getByRole('button', { name: 'Dark mode' }).click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await attachScreenshot(page, testInfo, 'memory alarm dark');
  } finally {
    await setWatermark(request, original);
  }
  await expect(page.getByRole('alert', { name: 'Switchboard is degraded' })).toHaveCount(0, { timeout: 15_000 });
});
