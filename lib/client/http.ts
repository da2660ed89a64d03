/** @module The one fetch wrapper under the client: JSON in and out, cookies or a bearer token, errors as ApiError. */
import { ApiError } from './api-error';

export interface HttpOptions {
  /** Origin (and optional prefix) of the Switchboard server; empty for the page's own origin. */
  baseUrl?: string;
  /** A bearer token; without one, the browser's session cookie authenticates. */
  token?: string;
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | undefined;

/** Lets a caller (TanStack Query, for one) cancel a request. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  body: T;
}

export type Http = <T>(path: string, options?: RequestOptions) => Promise<HttpResponse<T>>;

export function createHttp(options: HttpOptions = {}): Http {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return async <T>(path: string, { method = 'GET', query, body, signal }: RequestOptions = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Every change is sent as JSON, with a body or not: the server refuses cookie-authenticated changes of another type (origin-check.ts).
    if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;

    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}${queryString(query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (cause) {
      // A cancelled request stays an AbortError, so callers (and TanStack Query) can tell it apart.
      if (signal?.aborted) throw cause;
      throw new ApiError({ status: 0, code: 'network_error', message: 'Switchboard could not be reached.', cause });
    }

    const parsed = await readBody(response);
    if (!response.ok) throw ApiError.fromResponse(response.status, parsed, response.statusText);
    return { status: response.status, body: parsed as T };
  };
}

/** Percent-encodes one path segment (a queue or exchange name). */
export function segment(name: string): string {
  return encodeURIComponent(name);
}

/** `?a=1&b=2` for the defined, non-empty values; '' when there are none. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
