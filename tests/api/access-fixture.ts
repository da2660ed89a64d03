/** @module Users, keys and permissions for the API tests, made through the API as an administrator would. */
import { expect } from 'vitest';
import { api, enc, unique, type CallOptions } from './http';

export const PASSWORD = 'correct horse battery staple';

export const basic = (user: string, password = PASSWORD) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

/** Calls as `user` with its password (Basic auth). */
export const as = (user: string, password = PASSWORD): Pick<CallOptions, 'token' | 'headers'> => ({ token: null, headers: basic(user, password) });

export async function createUser(tags: string[] = [], prefix = 'user'): Promise<string> {
  const name = unique(prefix);
  const answer = await api('PUT', `/users/${enc(name)}`, { body: { password: PASSWORD, tags } });
  expect(answer.status, answer.text).toBe(201);
  return name;
}

export async function grant(user: string, vhost: string, configure: string, write: string, read: string): Promise<void> {
  const answer = await api('PUT', `/permissions/${enc(vhost)}/${enc(user)}`, { body: { configure, write, read } });
  expect([200, 201], answer.text).toContain(answer.status);
}

/** An API key of `user`, made by that user. */
export async function createKey(user: string, extra: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const answer = await api('POST', '/api-keys', { ...as(user), body: { name: unique('key'), ...extra } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}
