import { describe, expect, it } from 'vitest';
import { auditPlaceQuery, auditQuery, detailText, emptyAuditFilters, localTimeMs, localTimeValue, readAuditPlace, timeRangeProblem } from './audit-filters';

describe('the audit place in the URL', () => {
  it('round-trips filters and the cursor trail, ignoring an unknown outcome', () => {
    const place = { filters: { ...emptyAuditFilters, user: 'ann', vhost: '/', outcome: 'denied' as const, since: '2026-06-10T09:00' }, trail: ['c1', 'c2'] };
    const query = auditPlaceQuery(place);
    expect(query).toBe('?user=ann&vhost=%2F&since=2026-06-10T09%3A00&outcome=denied&cursor=c1&cursor=c2');
    expect(readAuditPlace(new URLSearchParams(query))).toEqual(place);
    expect(readAuditPlace(new URLSearchParams('outcome=maybe')).filters.outcome).toBe('');
    expect(auditPlaceQuery({ filters: emptyAuditFilters, trail: [] })).toBe('');
  });
});

describe('auditQuery', () => {
  it('sends trimmed filters and local times in epoch ms, until the end of its minute', () => {
    const since = new Date(2026, 5, 10, 9, 0).getTime();
    const until = new Date(2026, 5, 10, 17, 30).getTime();
    expect(auditQuery({ ...emptyAuditFilters, action: ' queue.purge ', vhost: 'shop', since: localTimeValue(since), until: localTimeValue(until) })).toEqual({
      action: 'queue.purge',
      vhost: 'shop',
      since,
      until: until + 60_000,
    });
    expect(auditQuery(emptyAuditFilters)).toEqual({});
  });

  it('says when the range ends before it starts, and reads no time from nonsense', () => {
    expect(timeRangeProblem({ ...emptyAuditFilters, since: '2026-06-10T10:00', until: '2026-06-10T09:00' })).toBe('The range ends before it starts.');
    expect(timeRangeProblem({ ...emptyAuditFilters, since: '2026-06-10T09:00', until: '2026-06-10T10:00' })).toBeUndefined();
    expect(localTimeMs('yesterday')).toBeUndefined();
  });
});

describe('detailText', () => {
  it('shows detail as JSON text, nothing when empty', () => {
    expect(detailText({ detail: { reason: '<b>x</b>' } })).toBe('{"reason":"<b>x</b>"}');
    expect(detailText({ detail: {} })).toBe('');
  });
});
