/** @module The rules a user, a vhost name, a password, tags and permission patterns must follow: checked once, here. */
import { EngineError } from '../engine/errors';
import { compilePattern } from './permission-patterns';
import { isUserTag, USER_TAGS } from './tags';
import { PERMISSION_KINDS, type PermissionRecord } from './types';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
const MAX_NAME_BYTES = 255;

function badRequest(message: string, details: Record<string, unknown>): EngineError {
  return new EngineError('bad_request', message, details);
}

/** User and vhost names: as RabbitMQ, any UTF-8 text of 1 to 255 bytes, without control characters. */
export function checkName(kind: 'user' | 'vhost' | 'API key', name: string): void {
  const article = kind === 'API key' ? 'an' : 'a';
  if (name.length === 0 || Buffer.byteLength(name) > MAX_NAME_BYTES) {
    throw badRequest(`${article} ${kind} name must be 1 to ${MAX_NAME_BYTES} bytes`, { field: 'name', value: name });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest(`${article} ${kind} name may not contain control characters`, { field: 'name' });
  // A lone surrogate has no UTF-8 form: it could not be sent over AMQP, stored as written, nor put in a URL.
  if (/\p{Surrogate}/u.test(name)) throw badRequest(`${article} ${kind} name is not valid UTF-8`, { field: 'name' });
}

/** Tags: only the four RabbitMQ defines (an empty list is RabbitMQ's "none"). */
export function checkTags(tags: readonly string[]): string[] {
  const unknown = tags.filter((tag) => !isUserTag(tag));
  if (unknown.length > 0) {
    throw badRequest(`unknown tag${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `'${t}'`).join(', ')} (known: ${USER_TAGS.join(', ')})`, {
      field: 'tags',
      value: unknown,
    });
  }
  return [...new Set(tags)];
}

/** A new password: long enough to resist guessing and not the user's own name. */
export function checkPassword(user: string, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(`a password must have at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw badRequest(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`, { field: 'password' });
  if (password.toLowerCase() === user.toLowerCase()) throw badRequest('a password may not be the user name', { field: 'password' });
  if (new Set(password).size < 4) throw badRequest('a password needs at least 4 different characters', { field: 'password' });
}

export function checkPermissionPatterns(permission: PermissionRecord): void {
  for (const kind of PERMISSION_KINDS) compilePattern(permission[kind], kind);
}
