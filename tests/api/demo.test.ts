import { afterAll, describe, expect, it } from 'vitest';
import { api, errorCode, sleep } from './http';

const DEMO_QUEUES = ['inventory', 'billing', 'notifications', 'analytics', 'order-fulfilment', 'order-fulfilment.dlq'];

async function published(queue: string): Promise<number> {
  const metrics = await api('GET', `/queues/${encodeURIComponent(queue)}/metrics?windowMs=60000&stepMs=1000`);
  expect(metrics.status, metrics.text).toBe(200);
  return (metrics.body.publish as number[]).reduce((sum, n) => sum + n, 0);
}

describe('demo', () => {
  // Leaves the shared server as other suites expect it: no demo running, no demo topology.
  afterAll(async () => {
    await api('POST', '/demo', { body: { action: 'stop' } });
    for (const name of DEMO_QUEUES) await api('DELETE', `/queues/${encodeURIComponent(name)}`);
    await api('DELETE', '/exchanges/orders');
  });

  it('starts the shop, fills its queues, and stops leaving the topology', async () => {
    expect((await api('GET', '/demo')).body).toEqual({ running: false });

    const started = await api('POST', '/demo', { body: { action: 'start' } });
    expect(started.status, started.text).toBe(200);
    expect(started.body).toEqual({ running: true });
    expect((await api('GET', '/demo')).body).toEqual({ running: true });
    // Starting again is harmless.
    expect((await api('POST', '/demo', { body: { action: 'start' } })).body).toEqual({ running: true });

    const exchange = await api('GET', '/exchanges/orders');
    expect(exchange.body).toMatchObject({ name: 'orders', type: 'topic' });
    // Other test files share this server and leave lease holders of their own queues behind: look at the demo's.
    const consumers = await api('GET', '/consumers');
    const demoConsumerQueues = (consumers.body as { queue: string }[]).map((c) => c.queue).filter((queue) => DEMO_QUEUES.includes(queue));
    expect(new Set(demoConsumerQueues)).toEqual(new Set(['inventory', 'billing', 'notifications', 'analytics', 'order-fulfilment']));

    // Messages flow into every fed queue within a few seconds (the metrics count what entered each queue).
    const deadline = Date.now() + 15_000;
    let empty = DEMO_QUEUES.slice(0, 5);
    while (empty.length > 0 && Date.now() < deadline) {
      await sleep(500);
      const counts = await Promise.all(empty.map(published));
      empty = empty.filter((_, i) => counts[i] === 0);
    }
    expect(empty).toEqual([]);
    const overview = await api('GET', '/overview');
    expect(overview.body.exchangeTotals.published).toBeGreaterThan(5);

    const stopped = await api('POST', '/demo', { body: { action: 'stop' } });
    expect(stopped.body).toEqual({ running: false });
    expect((await api('GET', '/demo')).body).toEqual({ running: false });
    const after = await api('GET', '/consumers');
    expect((after.body as { queue: string; kind: string }[]).filter((c) => DEMO_QUEUES.includes(c.queue) && c.kind === 'sse')).toEqual([]);
    for (const name of DEMO_QUEUES) expect((await api('GET', `/queues/${encodeURIComponent(name)}`)).status, name).toBe(200);

    const before = (await api('GET', '/overview')).body.exchangeTotals.published;
    await sleep(1000);
    expect((await api('GET', '/overview')).body.exchangeTotals.published).toBe(before);
  });

  it('400 for an unknown action, 401 without credentials', async () => {
    const bad = await api('POST', '/demo', { body: { action: 'dance' } });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('bad_request');
    const anonymous = await api('GET', '/demo', { token: null });
    expect(anonymous.status).toBe(401);
  });
});
