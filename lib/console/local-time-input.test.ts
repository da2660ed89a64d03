import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time-input';

describe('local time input', () => {
  it('round-trips an instant through the local value, to the second', () => {
    const iso = '2026-12-04T09:30:15.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(fromLocalInput(local)).toBe(iso);
  });

  it('reads the value as local time, as the browser shows it', () => {
    expect(fromLocalInput('2026-12-04T09:30')).toBe(new Date(2026, 11, 4, 9, 30).toISOString());
  });

  it('gives nothing for an empty or unreadable value', () => {
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('not a time')).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('yesterday')).toBeUndefined();
  });
});
