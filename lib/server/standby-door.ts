/**
 * @module The HTTP door of a hot standby: it has no engine, yet load balancers and people must learn what it is.
 * Health says `standby` (200, the process is alive), readiness says not ready (503), every other API or metrics
 * request gets the contract's `unavailable` pointing at the active process, and console pages get one small HTML page.
 * Nothing here reads a request body, so no request can make the standby hold memory or wait.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ApiError, mapError } from '@/lib/api/errors';
import type { Health, Readiness } from '@/lib/api/schemas/system';
import { COMMON_HEADERS } from './api-listener';
import { renderStandbyPage, STANDBY_PAGE_CSP } from './standby-page';
import { standbyOf, type ActiveProcessInfo, type StandbyView } from './standby-view';

const HEALTH_PATH = '/api/v1/health';
const READY_PATH = '/api/v1/health/ready';

/** A takeover happens within seconds: clients should come back soon, and then likely to the other process. */
const RETRY_AFTER_SECONDS = 1;

export function createStandbyListener(view: StandbyView): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    // Discard whatever body comes without buffering it; the answer never depends on it.
    request.on('error', () => undefined);
    request.resume();
    const path = pathOf(request.url ?? '/');
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    if (readOnly && path === HEALTH_PATH) return sendJson(request, response, 200, health(view));
    if (readOnly && path === READY_PATH) return sendJson(request, response, 503, readiness(view));
    if (isMachinePath(path)) {
      const { status, body } = mapError(unavailable(view.active()));
      return sendJson(request, response, status, body, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    }
    const page = renderStandbyPage({ active: view.active(), version: view.version, waitingSince: view.since, problems: view.problems() });
    send(request, response, 503, 'text/html; charset=utf-8', page, {
      'Content-Security-Policy': STANDBY_PAGE_CSP,
      'Retry-After': String(RETRY_AFTER_SECONDS),
    });
  };
}

function health(view: StandbyView): Health {
  return {
    // A process that cannot even reach its database stands by for nobody: that is a fault to show, not a role.
    status: view.problems().length > 0 ? 'degraded' : 'standby',
    version: view.version,
    uptimeMs: Math.max(0, Date.now() - view.since),
    storage: 'postgres',
    amqpPort: view.amqpPort(),
    role: 'standby',
    problems: problemsOf(view),
  };
}

function readiness(view: StandbyView): Readiness {
  return { ready: false, problems: problemsOf(view) };
}

function problemsOf(view: StandbyView): string[] {
  return [standbyOf(view.active()), ...view.problems()];
}

/** The API's `unavailable`, with the active process in `details` so a client can follow it without parsing text. */
export function unavailable(active: ActiveProcessInfo | null): ApiError {
  const message = !active
    ? 'This Switchboard is a standby and no process is active yet; retry shortly'
    : `This Switchboard is the standby of ${active.processId}; ` +
      (active.httpUrl ? `send requests to the active process at ${active.httpUrl}` : 'the active process did not say where it serves');
  return new ApiError('unavailable', message, { reason: 'standby', active });
}

/** API and metrics clients are programs: they get JSON, everything else is a console page for a person. */
function isMachinePath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics' || path.startsWith('/metrics/');
}

/** The path of an origin-form or absolute-form target; a target no URL can be made of is a page request. */
function pathOf(target: string): string {
  try {
    return new URL(target, 'http://standby.invalid').pathname;
  } catch {
    return '/';
  }
}

function sendJson(request: IncomingMessage, response: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(request, response, status, 'application/json', JSON.stringify(body), headers);
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: OutgoingHttpHeaders,
): void {
  for (const [name, value] of COMMON_HEADERS) response.setHeader(name, value);
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
