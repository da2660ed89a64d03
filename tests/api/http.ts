/** HTTP helpers for the API tests: every answer is checked to be JSON (or an event stream) and never a 500. */
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON). */
  raw?: string;
  /** `null` sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

export const unique = (prefix: string) => `${prefix}-${randomUUID()}`;
export const url = (path: string) => `${inject('baseUrl')}/api/v1${path}`;
export const enc = encodeURIComponent;

export async function api<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? inject('token') : options.token;
  if (token !== null) headers.authorization ??= `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url(path), { method, headers, body });
  const text = await response.text();
  expect(response.status, `${method} ${path} answered 500: ${text}`).not.toBe(500);
  const type = response.headers.get('content-type') ?? '';
  expect(type, `${method} ${path} answered HTML`).not.toContain('text/html');
  if (response.status !== 204) expect(type, `${method} ${path}: ${text}`).toContain('application/json');
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** Asserts the contract's error shape and returns its code. */
export function errorCode(answer: Answer): string {
  expect(answer.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  return answer.body.error.code;
}

export async function declareQueue(name: string, body: Record<string, unknown> = {}) {
  const answer = await api('PUT', `/queues/${enc(name)}`, { body });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

export async function declareExchange(name: string, type = 'direct', extra: Record<string, unknown> = {}) {
  const answer = await api('PUT', `/exchanges/${enc(name)}`, { body: { type, ...extra } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

export async function bind(source: string, destination: string, routingKey = '', extra: Record<string, unknown> = {}) {
  const answer = await api('POST', '/bindings', { body: { source, destination, routingKey, ...extra } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

export async function send(queue: string, payload: string, extra: Record<string, unknown> = {}) {
  const answer = await api('POST', `/queues/${enc(queue)}/messages`, { body: { payload, ...extra } });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { routed: boolean; queues: number; messageId: string };
}

export async function receive(queue: string, body: Record<string, unknown> = {}) {
  const answer = await api('POST', `/queues/${enc(queue)}/receive`, { body });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.messages as any[];
}

export async function ack(queue: string, deliveryTags: string[]) {
  const answer = await api('POST', `/queues/${enc(queue)}/ack`, { body: { deliveryTags } });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.acked as number;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
