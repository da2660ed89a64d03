/**
 * @module The Audit page's filters and paging, held in the URL: user, action, resource, vhost, outcome and a time range
 * (the browser's local time, as the datetime inputs show it), and the trail of cursors to the current page.
 */
import type { AuditEvent, AuditOutcome, AuditQuery } from '@/lib/client/types';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'error'];
export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  user: string;
  action: string;
  resource: string;
  vhost: string;
  outcome: AuditOutcome | '';
  /** `YYYY-MM-DDTHH:mm` from a datetime-local input, or empty. */
  since: string;
  until: string;
}

export interface AuditPlace {
  filters: AuditFilters;
  /** Cursors of the pages after the first, oldest first. */
  trail: string[];
}

export const emptyAuditFilters: AuditFilters = { user: '', action: '', resource: '', vhost: '', outcome: '', since: '', until: '' };
const TEXT_FIELDS = ['user', 'action', 'resource', 'vhost', 'since', 'until'] as const;

export function readAuditPlace(params: URLSearchParams): AuditPlace {
  const filters = { ...emptyAuditFilters };
  for (const field of TEXT_FIELDS) filters[field] = params.get(field) ?? '';
  const outcome = params.get('outcome');
  if (outcome && (AUDIT_OUTCOMES as readonly string[]).includes(outcome)) filters.outcome = outcome as AuditOutcome;
  return { filters, trail: params.getAll('cursor').filter((cursor) => cursor !== '') };
}

export function auditPlaceQuery(place: AuditPlace): string {
  const params = new URLSearchParams();
  for (const field of [...TEXT_FIELDS, 'outcome'] as const) if (place.filters[field] !== '') params.set(field, place.filters[field]);
  for (const cursor of place.trail) params.append('cursor', cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Epoch ms of a datetime-local value in the browser's zone; undefined when empty or not a time. */
export function localTimeMs(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** A datetime-local value for epoch ms, in the browser's zone. */
export function localTimeValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What the API is asked: filters with times in epoch ms (`until` is exclusive: the minute shown is included whole). */
export function auditQuery(filters: AuditFilters): Omit<AuditQuery, 'cursor' | 'limit'> {
  const since = localTimeMs(filters.since);
  const until = localTimeMs(filters.until);
  return {
    ...(filters.user.trim() ? { user: filters.user.trim() } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.resource.trim() ? { resource: filters.resource.trim() } : {}),
    ...(filters.vhost !== '' ? { vhost: filters.vhost } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until: until + 60_000 } : {}),
  };
}

/** A problem with the time range, or undefined. */
export function timeRangeProblem(filters: AuditFilters): string | undefined {
  const since = localTimeMs(filters.since);
  const until = localTimeMs(filters.until);
  return since !== undefined && until !== undefined && since > until ? 'The range ends before it starts.' : undefined;
}

/** An event's detail as one line of inert text (never markup). */
export function detailText(event: Pick<AuditEvent, 'detail'>): string {
  if (Object.keys(event.detail).length === 0) return '';
  return JSON.stringify(event.detail);
}
