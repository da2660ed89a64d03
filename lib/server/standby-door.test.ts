import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '@/lib/api/schemas/common';
import { healthSchema, readinessSchema } from '@/lib/api/schemas/system';
import { createStandbyListener } from './standby-door';
import type { ActiveProcessInfo, StandbyView } from './standby-view';

const HOSTILE_ID = `db-1:42<script>alert("x")</script>'`;

const ACTIVE: ActiveProcessInfo = {
  processId: 'db-1:42-ab12',
  httpUrl: 'http://10.0.0.1:3000',
  amqpUrl: 'amqp://10.0.0.1:5672',
  since: Date.UTC(2025, 0, 2, 3, 4, 5),
  heartbeatAgeMs: 1200,
};

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function viewOf(active: ActiveProcessInfo | null, problems: string[] = []): StandbyView {
  return { active: () => active, since: Date.now() - 5000, version: '9.9.9', amqpPort: () => 5673, problems: () => problems };
}

async function serve(view: StandbyView): Promise<string> {
  server = createServer(createStandbyListener(view));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('standby door: health', () => {
  it('answers health 200 with status standby, naming the active process', async () => {
    const base = await serve(viewOf(ACTIVE));
    const response = await fetch(`${base}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const health = healthSchema.parse(await response.json());
    expect(health).toMatchObject({ status: 'standby', role: 'standby', storage: 'postgres', version: '9.9.9', amqpPort: 5673 });
    expect(health.uptimeMs).toBeGreaterThanOrEqual(5000);
    expect(health.problems).toEqual(['standby of db-1:42-ab12 (http://10.0.0.1:3000)']);
  });

  it('says degraded while the database cannot be reached, with the reason among the problems', async () => {
    const base = await serve(viewOf(ACTIVE, ['database unreachable']));
    const health = healthSchema.parse(await (await fetch(`${base}/api/v1/health`)).json());
    expect(health).toMatchObject({ status: 'degraded', role: 'standby' });
    expect(health.problems).toEqual(['standby of db-1:42-ab12 (http://10.0.0.1:3000)', 'database unreachable']);
  });

  it('answers HEAD on health with headers only', async () => {
    const base = await serve(viewOf(ACTIVE));
    const response = await fetch(`${base}/api/v1/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('is never ready', async () => {
    const base = await serve(viewOf(ACTIVE));
    const response = await fetch(`${base}/api/v1/health/ready`);
    expect(response.status).toBe(503);
    expect(readinessSchema.parse(await response.json())).toEqual({ ready: false, problems: ['standby of db-1:42-ab12 (http://10.0.0.1:3000)'] });
  });
});

describe('standby door: API and metrics', () => {
  it('refuses an API request with a body as unavailable, pointing at the active process', async () => {
    const base = await serve(viewOf(ACTIVE));
    const response = await fetch(`${base}/api/v1/queues/orders/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: 'x'.repeat(256 * 1024) }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const { error } = errorBodySchema.parse(await response.json());
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('This Switchboard is the standby of db-1:42-ab12; send requests to the active process at http://10.0.0.1:3000');
    expect(error.details).toEqual({ reason: 'standby', active: ACTIVE });
  });

  it('answers at once even while a request body is still coming', async () => {
    const base = await serve(viewOf(ACTIVE));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${base}/api/v1/queues`, { method: 'PUT', headers: { 'transfer-encoding': 'chunked' } }, (response) => {
        resolve(response.statusCode);
        response.resume();
        request.destroy();
      });
      request.on('error', reject);
      request.write('{"durable":');
    });
    expect(status).toBe(503);
  });

  it('refuses the metrics scrapes the same way', async () => {
    const base = await serve(viewOf(ACTIVE));
    for (const path of ['/metrics', '/metrics/per-object']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(errorBodySchema.parse(await response.json()).error.code).toBe('unavailable');
    }
  });
});

describe('standby door: console pages', () => {
  it('shows an escaped HTML page with a link to the active console', async () => {
    const base = await serve(viewOf({ ...ACTIVE, processId: HOSTILE_ID }));
    const response = await fetch(`${base}/queues?x=1`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    const escapedId = 'db-1:42&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#39;';
    expect(html).toContain(`<title>Standby of ${escapedId}</title>`);
    expect(html).toContain(`<h1>Standby of ${escapedId}</h1>`);
    expect(html).toContain('<a href="http://10.0.0.1:3000">');
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).toContain('2025-01-02T03:04:05.000Z');
    expect(html).toContain('1.2 s ago');
    expect(html).toContain('takes over within seconds');
    expect(html).toContain('prefers-color-scheme: dark');
  });

  it('does not link a non-web URL from the database', async () => {
    const base = await serve(viewOf({ ...ACTIVE, httpUrl: 'javascript:alert(1)' }));
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toContain('<a ');
    expect(html).toContain('javascript:alert(1)');
  });

  it('answers any method on a page with the page, and HEAD without a body', async () => {
    const base = await serve(viewOf(ACTIVE));
    const deleted = await fetch(`${base}/exchanges`, { method: 'DELETE' });
    expect(deleted.status).toBe(503);
    expect(await deleted.text()).toContain('<h1>Standby of db-1:42-ab12</h1>');
    const head = await fetch(`${base}/exchanges`, { method: 'HEAD' });
    expect(head.status).toBe(503);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
  });
});

describe('standby door: no active process', () => {
  it('says so on every door', async () => {
    const base = await serve(viewOf(null));
    const health = healthSchema.parse(await (await fetch(`${base}/api/v1/health`)).json());
    expect(health.problems).toEqual(['standby (no process is active yet)']);

    const api = await fetch(`${base}/api/v1/overview`);
    expect(api.status).toBe(503);
    const { error } = errorBodySchema.parse(await api.json());
    expect(error.details).toEqual({ reason: 'standby', active: null });
    expect(error.message).toContain('no process is active yet');

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain('<h1>Standby: no process is active yet</h1>');
    expect(html).not.toContain('<a ');
  });
});
