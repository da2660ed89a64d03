/**
 * @module Guards for the HTTP server in front of Next, for requests Next would answer with a 500, an empty body or
 * not at all: an /api path with broken percent-encoding (400), a target that is not a path (`GET *`: 400), a method
 * HTTP has but Switchboard does not serve (`TRACE`, `PROPFIND`: 405 on any path). All answered with the contract's
 * JSON error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from './schemas/common';

/** Methods Next serves; anything else is answered here. */
export const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface OddAnswer {
  status: number;
  code: ErrorCode;
  message: string;
  headers?: Record<string, string>;
}

export function isMalformedApiPath(url: string): boolean {
  // Most targets have no escape at all: spared the split.
  if (!url.includes('%')) return false;
  const path = url.split(/[?#]/, 1)[0];
  if (path !== '/api' && !path.startsWith('/api/')) return false;
  if (!path.includes('%')) return false;
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/** The answer to a request Next must not see, or undefined when it may. */
export function oddRequestAnswer(method: string, url: string): OddAnswer | undefined {
  if (!SERVED_METHODS.includes(method)) {
    return {
      status: 405,
      code: 'method_not_allowed',
      message: `The ${method.slice(0, 32)} method is not served`,
      headers: { allow: SERVED_METHODS.join(', ') },
    };
  }
  if (!url.startsWith('/')) return { status: 400, code: 'bad_request', message: 'The request target must be a path starting with /' };
  if (isMalformedApiPath(url)) return { status: 400, code: 'bad_request', message: 'The request path is not valid percent-encoding' };
  return undefined;
}

/** Absolute-form targets (`GET http://host/path`, RFC 9112 §3.2.2) are served as their path, as HTTP/1.1 asks. */
export function originForm(url: string): string {
  if (url.startsWith('/')) return url;
  const absolute = /^https?:\/\/[^/?#]*(.*)$/i.exec(url);
  if (!absolute) return url;
  const rest = absolute[1];
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Writes the contract's JSON error (the request's body, if any, is discarded so the connection can be reused). */
export function writeJsonError(request: IncomingMessage, response: ServerResponse, answer: OddAnswer): void {
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
  request.resume();
}
