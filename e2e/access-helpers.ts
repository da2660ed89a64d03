/** @module The journeys' set-up of users, vhosts and permissions, made through the API as admin. */
import { expect, type APIRequestContext } from '@playwright/test';
import { adminToken } from './admin-token';

const auth = () => ({ authorization: `Bearer ${adminToken()}` });
const segment = encodeURIComponent;

export interface Patterns {
  configure: string;
  write: string;
  read: string;
}

export async function createUser(request: APIRequestContext, name: string, password: string, tags: string[] = []): Promise<void> {
  const response = await request.put(`/api/v1/users/${segment(name)}`, { headers: auth(), data: { password, tags } });
  expect(response.status(), await response.text()).toBe(201);
}

export async function grant(request: APIRequestContext, vhost: string, user: string, patterns: Patterns): Promise<void> {
  const response = await request.put(`/api/v1/permissions/${segment(vhost)}/${segment(user)}`, { headers: auth(), data: patterns });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

export async function createVhost(request: APIRequestContext, name: string): Promise<void> {
  const response = await request.put(`/api/v1/vhosts/${segment(name)}`, { headers: auth(), data: { description: 'made by a journey' } });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Declares a queue in a vhost (admin needs permissions there first). */
export async function declareQueueIn(request: APIRequestContext, vhost: string, name: string): Promise<void> {
  const response = await request.put(`/api/v1/vhosts/${segment(vhost)}/queues/${segment(name)}`, { headers: auth(), data: {} });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** A password the server's rules accept, different each time. */
export function strongPassword(): string {
  return `pw-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
}
