import { describe, expect, it } from 'vitest';
import { newUserProblems, passwordProblem, patternProblems, tagsLabel, toggleTag } from './user-form';

describe('the Users page forms, checked with the server rules', () => {
  it('asks for a name and a strong enough password', () => {
    expect(newUserProblems({ name: 'app', password: 'orders-2026!', tags: [] })).toEqual([]);
    expect(newUserProblems({ name: '', password: 'orders-2026!', tags: [] })).toEqual(['Give the user a name.']);
    expect(passwordProblem('app', 'short')).toBe('a password must have at least 8 characters');
    expect(passwordProblem('application', 'Application')).toBe('a password may not be the user name');
  });

  it('refuses unknown tags', () => {
    expect(newUserProblems({ name: 'app', password: 'orders-2026!', tags: ['root'] })).toEqual(["unknown tag 'root' (known: administrator, monitoring, policymaker, management)"]);
  });

  it('names the permission whose pattern does not compile', () => {
    expect(patternProblems({ configure: '^orders.*', write: '(', read: '.*' })).toMatch(/^write is not a valid regular expression/);
    expect(patternProblems({ configure: '', write: '', read: '' })).toBeUndefined();
  });

  it("keeps tags in RabbitMQ's order", () => {
    expect(toggleTag(['monitoring'], 'administrator', true)).toEqual(['administrator', 'monitoring']);
    expect(toggleTag(['administrator', 'monitoring'], 'administrator', false)).toEqual(['monitoring']);
    expect(tagsLabel([])).toBe('none');
  });
});
