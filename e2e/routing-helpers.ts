/** @module The Routing page's pointer and API helpers, shared by the journeys on the embedded broker and on a cluster. */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { adminToken } from './admin-token';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

export interface ApiBinding {
  id: string;
  destination: string;
  routingKey: string;
}

/** The bindings from `exchange`, through the API at `base` (the embedded broker's, or a cluster vhost's). */
export async function bindingsFrom(request: APIRequestContext, exchange: string, base = '/api/v1'): Promise<ApiBinding[]> {
  const response = await request.get(`${base}/bindings?source=${encodeURIComponent(exchange)}`, { headers: auth() });
  expect(response.status()).toBe(200);
  return response.json();
}

/** The canvas glides (200 ms) to fit a changed topology; measure handles only once it has stayed still for 300 ms. */
async function viewportAtRest(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').getAttribute('style');
  await expect
    .poll(async () => {
      const before = await transform();
      await page.waitForTimeout(300);
      return (await transform()) === before;
    })
    .toBe(true);
}

/** A real pointer drag, as a person does it: press on one handle, move across the canvas, release on the other. */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await viewportAtRest(page);
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('a handle is not on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await page.mouse.up();
}

export async function bindByDragging(page: Page, request: APIRequestContext, exchange: string, queue: string, key: string, base = '/api/v1'): Promise<void> {
  await drag(page, page.getByTestId(`routing-handle-exchange-${exchange}`), page.getByTestId(`routing-handle-queue-${queue}`));
  const dialog = page.getByRole('dialog', { name: 'New binding' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Source exchange')).toHaveValue(exchange);
  await expect(dialog.getByLabel('Destination')).toHaveValue(`queue:${queue}`);
  await dialog.getByLabel('Binding key').fill(key);
  // The topic key is checked as it is typed, with examples of what it would route.
  await expect(dialog.getByText('Routing keys it matches')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Last change' })).toContainText(`Bound queue ${queue} to exchange ${exchange} with key "${key}"`);
  // The status comes before the refreshed topology: wait for the new edge in the graph (drawn, whatever the zoom makes
  // of its label), so the next drag measures the new layout.
  const binding = (await bindingsFrom(request, exchange, base)).find((b) => b.destination === queue && b.routingKey === key);
  expect(binding, `binding ${exchange} → ${queue} (${key})`).toBeDefined();
  await expect(page.getByTestId(`routing-edge-${binding!.id}`)).toBeAttached();
}
