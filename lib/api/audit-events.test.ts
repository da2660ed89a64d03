import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/access/audit';
import { auditReader } from '@/lib/access/audit-reader';
import { SqliteWorkerStore } from '@/lib/store/sqlite-worker-store';
import { auditDownload, csvCell, csvHeader, csvRow } from './audit-events';

describe('CSV cells', () => {
  it('quotes as RFC 4180 says and defuses what a spreadsheet would run', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@', '\t']) expect(csvCell(`${start}1`)).toBe(`'${start}1`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('writes one line per event with detail as JSON text', () => {
    const row = csvRow({
      id: '7',
      at: 0,
      user: 'ann',
      protocol: 'http',
      peer: '10.0.0.1:1',
      vhost: null,
      action: 'queue.purge',
      resource: "queue 'a,b'",
      outcome: 'ok',
      detail: { reason: 'x' },
      affected: 3,
    });
    expect(csvHeader()).toBe('id,at,time,user,apiKey,protocol,peer,vhost,action,resource,outcome,affected,detail\r\n');
    expect(row).toBe(`7,0,1970-01-01T00:00:00.000Z,ann,,http,10.0.0.1:1,,queue.purge,"queue 'a,b'",ok,3,"{""reason"":""x""}"\r\n`);
  });
});

describe('audit downloads', () => {
  let dir: string;
  let store: SqliteWorkerStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-audit-download-'));
    store = await SqliteWorkerStore.open(path.join(dir, 'store.db'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const entry = (i: number): AuditEntry => ({ at: 1_000 + i, user: i % 3 ? 'ann' : 'bob', protocol: 'amqp', peer: 'p', action: 'queue.bind', resource: `#${i}`, outcome: 'ok' });

  it('streams every matching event across pages, not one page', async () => {
    await store.auditLog().write(Array.from({ length: 2_500 }, (_, i) => entry(i)));
    const response = await auditDownload(auditReader(store.auditLog()), { user: 'ann' }, 'ndjson', Date.UTC(2026, 0, 2));
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="switchboard-audit-2026-01-02T00-00-00-000Z.ndjson"');
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    const expected = Array.from({ length: 2_500 }, (_, i) => i).filter((i) => i % 3).reverse();
    expect(lines.map((event) => event.resource)).toEqual(expected.map((i) => `#${i}`));
    expect(lines[0]).toEqual({ id: expect.any(String), at: 1_000 + expected[0]!, user: 'ann', protocol: 'amqp', peer: 'p', vhost: null, action: 'queue.bind', resource: `#${expected[0]}`, outcome: 'ok', detail: {} });
  });

  it('sends a CSV with its header even when nothing matches', async () => {
    const response = await auditDownload(auditReader(store.auditLog()), { user: 'nobody' }, 'csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe(csvHeader());
  });
});
