import { expect, test, type Page } from '@playwright/test';
import { declareQueue, logIn, publishTo, uniqueName } from './console-helpers';

/** Every console message about the Content-Security-Policy (Chromium logs each violation there). */
function cspReports(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) reports.push(message.text());
  });
  return reports;
}

test('console pages carry a nonce CSP and the other security headers, and run under it without a violation', async ({ page, request }) => {
  const reports = cspReports(page);
  const queue = uniqueName('e2e-csp');
  await declareQueue(request, queue);
  await publishTo(request, queue, 3);

  const login = await page.goto('/login');
  const headers = login!.headers();
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) expect(policy).toContain(directive);
  expect(policy).not.toContain('unsafe-eval');
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('same-origin');
  // A fresh nonce per page, and it is the one on Next's scripts.
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => [...document.scripts].every((script) => script.nonce !== ''))).toBe(true);
  const again = await request.get('/login');
  expect(again.headers()['content-security-policy']).not.toContain(nonce);

  // The theme script is inline: it runs only with the nonce (dark mode applied before the first paint).
  await page.evaluate(() => localStorage.setItem('switchboard-theme', 'dark'));
  await logIn(page);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);

  // Pages with charts (recharts), the routing graph (xyflow) and the message browser render and work.
  await expect(page.getByRole('img', { name: 'Message rates (per second) chart' }).locator('.recharts-wrapper > svg')).toBeVisible();
  await page.goto('/routing');
  await expect(page.locator('.react-flow').first()).toBeVisible();
  await page.goto(`/queues/${encodeURIComponent(queue)}`);
  await expect(page.getByRole('heading', { name: queue })).toBeVisible();
  expect(reports).toEqual([]);

  // What an injection into the HTML would add (the served page, its CSP header kept, with markup slipped in): an
  // inline script without the nonce does not run, an image from another origin is not fetched; both are reported.
  await page.route('**/login', async (route) => {
    const served = await route.fetch();
    const injected = '<script>window.__injected = true</script><img alt="" src="https://third-party.invalid/pixel.png">';
    await route.fulfill({ response: served, body: (await served.text()).replace(/<body[^>]*>/, (tag) => `${tag}${injected}`) });
  });
  await page.goto('/login');
  await expect(page.getByLabel('User name')).toBeVisible();
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => reports.filter((r) => r.includes('inline script')).length).toBeGreaterThan(0);
  await expect.poll(() => reports.filter((r) => r.includes('third-party.invalid')).length).toBeGreaterThan(0);
});
