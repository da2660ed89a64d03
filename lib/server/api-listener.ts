/**
 * @module The lean API layer as a node:http `request` listener (server.ts, tests/support/bare-server.ts): Hono's Node
 * adapter, whose Request reads node's request lazily (headers, body and signal only when a handler asks).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { ApiError, errorResponse } from '@/lib/api/errors';
import { createApiApp } from './api-app';

export { isApiTarget } from './api-app';

/** The headers next.config.mjs's `headers()` puts on every answer, so an API answer has them whichever layer gave it. */
export const COMMON_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
];

export function createApiListener(): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const app = createApiApp();
  const listener = getRequestListener(app.fetch, {
    // HTTP/1.0 may leave the Host header out; the URL still needs one.
    hostname: 'localhost',
    // A target or Host the adapter cannot make a URL of (the front door has refused most): the contract's 400.
    errorHandler: (error) =>
      errorResponse(error instanceof Error && error.name === 'RequestError' ? new ApiError('bad_request', `Unusable request: ${error.message}`) : error),
  });
  return (request, response) => {
    // Set before the adapter's writeHead, which adds its own to them.
    for (const [name, value] of COMMON_HEADERS) response.setHeader(name, value);
    return listener(request, response);
  };
}

/**
 * Sets a header of a received request that only the server may set (the caller's address, the scheme), replacing
 * any the client sent, in both of Node's views of it: `headers` (what Next reads) and `rawHeaders` (what the lean
 * layer's Request is made from once its body is read).
 */
export function setRequestHeader(request: IncomingMessage, name: string, value: string): void {
  request.headers[name] = value;
  const raw = request.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i].length === name.length && raw[i].toLowerCase() === name) raw.splice(i, 2);
  }
  raw.push(name, value);
}
