/** The audit log over the real server: who sees what, filters, cursor pages, downloads, and bad input. */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, declareQueue, enc, errorCode, unique, url } from './http';

const PASSWORD = 'correct-horse-battery';
const basic = (user: string, password = PASSWORD) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const as = (user: string) => ({ headers: basic(user) });

async function createUser(name: string, tags: string[], permission?: { configure: string; write: string; read: string }) {
  const put = await api('PUT', `/users/${enc(name)}`, { body: { password: PASSWORD, tags } });
  expect(put.status, put.text).toBe(201);
  if (permission) {
    const granted = await api('PUT', `/permissions/${enc('/')}/${enc(name)}`, { body: permission });
    expect([200, 201], granted.text).toContain(granted.status);
  }
}

async function audit(query: Record<string, string | number>, options: { headers?: Record<string, string> } = {}) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return api('GET', `/audit?${search}`, options);
}

/** A download, read raw: the helper's JSON checks do not apply to it. */
async function download(query: Record<string, string>) {
  const response = await fetch(url(`/audit?${new URLSearchParams(query)}`), { headers: { authorization: `Bearer ${inject('token')}` } });
  return { response, text: await response.text() };
}

const app = unique('app');
const watcher = unique('watch');
const queue = unique('orders');
const other = unique('billing');

beforeAll(async () => {
  await createUser(app, [], { configure: `^${queue}$`, write: `^${queue}$`, read: `^${queue}$` });
  await createUser(watcher, ['monitoring']);
  await declareQueue(queue);
  await declareQueue(other);
  expect((await api('DELETE', `/queues/${enc(queue)}/contents`)).status).toBeLessThan(300);
  // Refused: no read permission on the other queue.
  expect(errorCode(await api('DELETE', `/queues/${enc(other)}/contents`, as(app)))).toBe('forbidden');
  expect((await api('DELETE', `/queues/${enc(queue)}/contents`, as(app))).status).toBeLessThan(300);
});

describe('GET /audit', () => {
  it('records who did what, how, from where, with the outcome, newest first', async () => {
    const answer = await audit({ resource: queue });
    expect(answer.status, answer.text).toBe(200);
    const events = answer.body.events as any[];
    expect(events.map((e) => [e.user, e.action, e.outcome])).toEqual([
      [app, 'queue.purge', 'ok'],
      ['admin', 'queue.purge', 'ok'],
      ['admin', 'queue.declare', 'ok'],
    ]);
    expect(events[0]).toMatchObject({ id: expect.any(String), at: expect.any(Number), protocol: 'http', peer: expect.stringMatching(/:\d+$/), vhost: '/', resource: `queue '${queue}'`, detail: expect.any(Object) });
    expect(events[0].at).toBeGreaterThanOrEqual(events[1].at);
    expect(answer.body.nextCursor).toBeNull();
  });

  it('records refusals with the reason', async () => {
    const answer = await audit({ user: app, outcome: 'denied' });
    expect(answer.body.events).toEqual([
      expect.objectContaining({ action: 'queue.purge', resource: `queue '${other}'`, detail: { reason: expect.stringMatching(new RegExp(`queue '${other}'.* refused for user '${app}'`)) } }),
    ]);
  });

  it("shows a user only its own events, monitoring and administrators everyone's", async () => {
    const own = await audit({ limit: 1000 }, as(app));
    expect(own.status, own.text).toBe(200);
    expect(new Set((own.body.events as any[]).map((e) => e.user))).toEqual(new Set([app]));
    expect(errorCode(await audit({ user: 'admin' }, as(app)))).toBe('forbidden');
    const watched = await audit({ resource: queue }, as(watcher));
    expect((watched.body.events as any[]).map((e) => e.user)).toEqual([app, 'admin', 'admin']);
  });

  it('filters by action prefix, outcome and time', async () => {
    const purges = await audit({ action: 'queue.*', resource: queue });
    expect((purges.body.events as any[]).map((e) => e.action)).toEqual(['queue.purge', 'queue.purge', 'queue.declare']);
    const exact = await audit({ action: 'queue.declare', resource: queue });
    expect(exact.body.events).toHaveLength(1);
    const at = exact.body.events[0].at as number;
    expect((await audit({ resource: queue, until: at })).body.events).toEqual([]);
    expect((await audit({ resource: queue, since: at, until: at + 1 })).body.events).toHaveLength(1);
    expect((await audit({ resource: queue, outcome: 'error' })).body.events).toEqual([]);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit({ resource: queue, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.status, page.text).toBe(200);
      seen.push(...(page.body.events as any[]).map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    const all = await audit({ resource: queue });
    expect(seen).toEqual((all.body.events as any[]).map((e) => e.id));
  });

  it('downloads every match as NDJSON and as CSV', async () => {
    const expected = (await audit({ resource: queue })).body.events;
    const ndjson = await download({ resource: queue, format: 'ndjson', limit: '1' });
    expect(ndjson.response.status).toBe(200);
    expect(ndjson.response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(ndjson.response.headers.get('content-disposition')).toMatch(/^attachment; filename="switchboard-audit-.+\.ndjson"$/);
    expect(ndjson.text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(expected);

    const csv = await download({ resource: queue, format: 'csv' });
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('id,at,time,user,apiKey,protocol,peer,vhost,action,resource,outcome,affected,detail');
    expect(lines.slice(1, -1)).toHaveLength(3);
    expect(lines[1]).toContain(`,${app},`);
  });

  it('defuses a user name that a spreadsheet would run as a formula', async () => {
    const evil = `=HYPERLINK("${unique('x')}")`;
    await createUser(evil, []);
    // No permissions in '/': refused, and recorded under that name.
    expect(errorCode(await api('DELETE', `/queues/${enc(other)}/contents`, as(evil)))).toBe('forbidden');
    const { text } = await download({ user: evil, format: 'csv' });
    const row = text.split('\r\n')[1]!;
    expect(row).toContain(`,"'=HYPERLINK(""x-`);
    expect(row).toContain(',queue.purge,');
    expect(row).toContain(',denied,');
  });

  it('answers bad input with 400 and says which parameter', async () => {
    const bad: Record<string, string | number>[] = [{ limit: 0 }, { limit: 1001 }, { action: 'queue.*.x' }, { cursor: 'not-a-cursor' }, { outcome: 'maybe' }, { since: 10, until: 5 }, { since: 'yesterday' }, { format: 'xml' }];
    for (const query of bad) {
      const answer = await audit(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
      expect(answer.body.error.details[0]).toMatchObject({ in: 'query', path: [Object.keys(query)[0]] });
    }
    expect((await api('GET', '/audit', { token: null })).status).toBe(401);
  });
});
