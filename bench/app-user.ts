/**
 * @module An application user for the benchmarks, made through the HTTP API as an operator would: no tags, every
 * permission on vhost `/`, and an API key of its own, which it logs in to AMQP with. Its runs measure the cost of
 * permission checks beside admin's.
 */
import type { RunningServer } from './server-process';

export const APP_USER = 'bench-app';
const APP_PASSWORD = 'bench-app-password-1';

async function call(server: RunningServer, method: string, path: string, body: unknown, authorization: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Creates the user, its permissions and its key; answers the AMQP URL that logs in with the key. */
export async function appUserAmqpUrl(server: RunningServer): Promise<string> {
  const admin = `Bearer ${server.token}`;
  await call(server, 'PUT', `/users/${APP_USER}`, { password: APP_PASSWORD, tags: [] }, admin);
  await call(server, 'PUT', `/permissions/${encodeURIComponent('/')}/${APP_USER}`, { configure: '.*', write: '.*', read: '.*' }, admin);
  const basic = `Basic ${Buffer.from(`${APP_USER}:${APP_PASSWORD}`).toString('base64')}`;
  const { key } = await call(server, 'POST', '/api-keys', { name: 'bench' }, basic);
  if (typeof key !== 'string') throw new Error('POST /api-keys answered no key');
  return `amqp://${APP_USER}:${encodeURIComponent(key)}@127.0.0.1:${server.amqpPort}`;
}
