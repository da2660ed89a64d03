/**
 * @module A guard for the HTTP server in front of Next: an /api path with broken percent-encoding makes Next answer
 * a plain-text 500 before any route runs, so such requests are answered here with the contract's JSON 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function isMalformedApiPath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0];
  if (path !== '/api' && !path.startsWith('/api/')) return false;
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/** Answers 400 and returns true for a malformed /api path; otherwise leaves the request to Next. */
export function rejectMalformedApiRequest(request: IncomingMessage, response: ServerResponse): boolean {
  if (!isMalformedApiPath(request.url ?? '/')) return false;
  const body = JSON.stringify({ error: { code: 'bad_request', message: 'The request path is not valid percent-encoding' } });
  response.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(body);
  request.resume();
  return true;
}
