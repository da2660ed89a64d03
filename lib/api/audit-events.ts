/**
 * @module The audit log as the API shows it: events as JSON, and NDJSON or CSV downloads of every matching event,
 * streamed a page at a time so a year of events never sits in memory.
 */
import type { AuditQuery, AuditReader } from '@/lib/access/audit-reader';
import type { StoredAuditEvent } from '@/lib/access/audit-log';
import { MAX_AUDIT_PAGE } from '@/lib/access/audit-reader';
import type { AuditEventJson } from './schemas/audit';

export type AuditDownloadFormat = 'ndjson' | 'csv';

export function toAuditEventJson(event: StoredAuditEvent): AuditEventJson {
  return {
    id: String(event.id),
    at: event.at,
    user: event.user,
    ...(event.apiKey !== undefined ? { apiKey: event.apiKey } : {}),
    protocol: event.protocol,
    peer: event.peer,
    vhost: event.vhost ?? null,
    action: event.action,
    resource: event.resource ?? null,
    outcome: event.outcome,
    detail: event.detail ?? {},
    ...(event.affected !== undefined ? { affected: event.affected } : {}),
  };
}

const CSV_COLUMNS = ['id', 'at', 'time', 'user', 'apiKey', 'protocol', 'peer', 'vhost', 'action', 'resource', 'outcome', 'affected', 'detail'] as const;

/** A spreadsheet runs a cell starting with one of these as a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: quoted when it holds a quote, comma or line break; quotes doubled. Text cells are defused first. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(event: AuditEventJson): string {
  const cells: Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>> = {
    ...event,
    time: new Date(event.at).toISOString(),
    detail: JSON.stringify(event.detail),
  };
  return `${CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

export function ndjsonLine(event: AuditEventJson): string {
  return `${JSON.stringify(event)}\n`;
}

const CONTENT_TYPES: Record<AuditDownloadFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Every event matching `query`, from its cursor on, as a file. The first page is read before answering, so a
 * store that cannot read is an error status rather than a download cut short.
 */
export async function auditDownload(reader: AuditReader, query: AuditQuery, format: AuditDownloadFormat, now = Date.now()): Promise<Response> {
  const line = format === 'csv' ? csvRow : ndjsonLine;
  const encoder = new TextEncoder();
  let page = await reader.query({ ...query, limit: MAX_AUDIT_PAGE });
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      controller.enqueue(encoder.encode(page.events.map((event) => line(toAuditEventJson(event))).join('')));
      if (page.nextCursor === null || cancelled) return controller.close();
      page = await reader.query({ ...query, cursor: page.nextCursor, limit: MAX_AUDIT_PAGE });
    },
    cancel() {
      cancelled = true;
    },
  });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return new Response(stream, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="switchboard-audit-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
