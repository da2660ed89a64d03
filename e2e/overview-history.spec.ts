import { expect, test } from '@playwright/test';
import { logIn } from './console-helpers';

/** An attribute as a number; NaN while it is absent (so no comparison holds). */
const number = async (value: Promise<string | null>) => {
  const text = await value;
  return text === null ? NaN : Number(text);
};

test("the overview's charts open with the last 15 minutes drawn, then go on live", async ({ page }) => {
  const loadedAt = Date.now();
  await logIn(page);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  for (const title of ['Message rates (per second)', 'Total depth (ready + unacked)']) {
    const chart = page.locator('figure', { has: page.getByRole('img', { name: `${title} chart` }) });
    // History from before this page existed: the per-second points the server keeps (up to 15 minutes).
    await expect
      .poll(() => number(chart.getAttribute('data-earliest-t')), { message: `${title}: earliest point` })
      .toBeLessThan(loadedAt - 10 * 60_000);
    await expect.poll(() => number(chart.getAttribute('data-points'))).toBeGreaterThan(600);
    // Then live points after it: the newest point moves on.
    const latest = await number(chart.getAttribute('data-latest-t'));
    await expect.poll(() => number(chart.getAttribute('data-latest-t')), { message: `${title}: latest point` }).toBeGreaterThan(latest + 1500);
    await expect(chart.locator('.recharts-wrapper > svg')).toBeVisible();
  }
});
