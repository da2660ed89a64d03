/**
 * @module The Users page's forms checked with the server's own rules (lib/access/access-rules) before anything is
 * sent: a password strong enough, known tags, permission patterns that compile. The server checks again.
 */
import { checkPassword, checkPermissionPatterns, checkTags } from '@/lib/access/access-rules';
import { USER_TAGS } from '@/lib/access/tags';
import type { PermissionPatterns, User } from '@/lib/client/types';

export { USER_TAGS };

/** The rule's message, or undefined when the value passes. */
function problemOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function passwordProblem(user: string, password: string): string | undefined {
  return problemOf(() => checkPassword(user, password));
}

export function tagsProblem(tags: readonly string[]): string | undefined {
  return problemOf(() => checkTags(tags));
}

/** The first pattern that does not compile, named by its permission; undefined when all do. */
export function patternProblems(patterns: PermissionPatterns): string | undefined {
  return problemOf(() => checkPermissionPatterns({ user: '', vhost: '', ...patterns }));
}

export interface NewUserValues {
  name: string;
  password: string;
  tags: string[];
}

export const emptyNewUser: NewUserValues = { name: '', password: '', tags: [] };

export function newUserProblems(values: NewUserValues): string[] {
  const problems: string[] = [];
  if (values.name.trim() === '') problems.push('Give the user a name.');
  const password = passwordProblem(values.name.trim(), values.password);
  if (password) problems.push(password);
  const tags = tagsProblem(values.tags);
  if (tags) problems.push(tags);
  return problems;
}

/** The tags with `tag` added or removed, in RabbitMQ's order. */
export function toggleTag(tags: readonly string[], tag: string, on: boolean): string[] {
  const next = new Set(tags);
  if (on) next.add(tag);
  else next.delete(tag);
  return [...USER_TAGS.filter((known) => next.has(known)), ...[...next].filter((t) => !(USER_TAGS as readonly string[]).includes(t))];
}

export function tagsLabel(tags: readonly string[]): string {
  return tags.length === 0 ? 'none' : tags.join(', ');
}

/** RabbitMQ's "full access" patterns, offered when granting permissions in a vhost. */
export const FULL_ACCESS: PermissionPatterns = { configure: '.*', write: '.*', read: '.*' };

export function sortUsers(users: readonly User[]): User[] {
  return [...users].sort((a, b) => a.name.localeCompare(b.name));
}
