import { describe, expect, it } from 'vitest';
import { apiKeyBody, isExpired, sortApiKeys } from './api-key-form';

const now = new Date(2026, 5, 10, 12, 0).getTime();

describe('apiKeyBody', () => {
  it('sends the trimmed name and read-only only when asked', () => {
    expect(apiKeyBody({ name: ' ci ', readOnly: false, expiresOn: '' }, now)).toEqual({ ok: true, body: { name: 'ci' } });
    expect(apiKeyBody({ name: 'grafana', readOnly: true, expiresOn: '' }, now)).toEqual({ ok: true, body: { name: 'grafana', readOnly: true } });
  });

  it('lets a key work through the whole of its last day', () => {
    const result = apiKeyBody({ name: 'ci', readOnly: false, expiresOn: '2026-06-10' }, now);
    expect(result).toEqual({ ok: true, body: { name: 'ci', expiresAt: new Date(2026, 5, 11).getTime() - 1 } });
  });

  it('refuses an empty name and a day that has passed', () => {
    expect(apiKeyBody({ name: '  ', readOnly: false, expiresOn: '' }, now).ok).toBe(false);
    expect(apiKeyBody({ name: 'ci', readOnly: false, expiresOn: '2026-06-09' }, now)).toEqual({
      ok: false,
      error: 'The expiry date has passed; choose today or a later day.',
    });
    expect(apiKeyBody({ name: 'ci', readOnly: false, expiresOn: 'soon' }, now).ok).toBe(false);
  });
});

describe('isExpired and sortApiKeys', () => {
  it('tells expired keys and lists the newest first', () => {
    expect(isExpired({ expiresAt: now }, now)).toBe(true);
    expect(isExpired({}, now)).toBe(false);
    const keys = [
      { id: '1', user: 'ann', name: 'old', readOnly: false, createdAt: 1 },
      { id: '2', user: 'ann', name: 'new', readOnly: true, createdAt: 2 },
    ];
    expect(sortApiKeys(keys).map((k) => k.name)).toEqual(['new', 'old']);
  });
});
