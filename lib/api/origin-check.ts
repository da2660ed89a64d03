/**
 * @module The cross-origin rule (CSRF): a request that the session cookie alone authenticates may change state
 * only when it comes from the console's own origin, with a JSON body type. The cookie is ambient (the browser
 * adds it to a request any site starts), an API key or password in `Authorization` is not, so those are free.
 */
import { ApiError } from './errors';
import { readSessionCookie } from './session-cookie';

export interface OriginRule {
  /** The endpoint's method: anything but GET changes state. */
  method: string;
  /** A GET that changes state all the same (an event stream that leases messages). */
  changesState?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * Throws `forbidden` (details: `{ reason, origin?, secFetchSite?, contentType? }`) when a request without
 * `Authorization` changes state and a browser says it comes from elsewhere; and, when it carries the session
 * cookie, also when nothing proves it comes from here or its body type is not JSON.
 *
 * `Sec-Fetch-Site` decides when present (the browser computed it); otherwise `Origin` must equal the request's
 * own scheme and host (Go's CrossOriginProtection does the same). Browsers send `Origin` with every POST, PUT and
 * DELETE, and a cross-origin `application/json` request needs a CORS preflight, which Switchboard never grants;
 * so the console passes, a form or `fetch(…, {mode: 'no-cors'})` from another site does not.
 */
export function checkOrigin(request: Request, rule: OriginRule): void {
  if (SAFE_METHODS.has(rule.method) && !rule.changesState) return;
  if (request.headers.has('authorization')) return;
  // Without the cookie only a login can change anything here: one from another site's page is refused too (login
  // CSRF), one with no browser headers (a script) is not.
  const cookie = readSessionCookie(request) !== undefined;

  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const seen = { ...(origin !== null ? { origin } : {}), ...(site !== null ? { secFetchSite: site } : {}) };
  if (site !== null) {
    if (site !== 'same-origin') refuse('cross_site', `this request comes from another site (Sec-Fetch-Site: ${site})`, seen);
  } else if (origin !== null) {
    if (!ownOrigins(request).includes(origin.toLowerCase())) refuse('cross_origin', `Origin ${origin} is not this server's`, seen);
  } else if (cookie) {
    refuse('origin_unknown', 'nothing shows it comes from the console (no Origin or Sec-Fetch-Site header)', seen);
  }
  // The same site could still be another port or a sibling's page with a form: the type a form cannot send is required.
  if (cookie && rule.method !== 'GET' && rule.method !== 'HEAD') {
    const contentType = request.headers.get('content-type') ?? '';
    if (!JSON_TYPE.test(contentType)) {
      refuse('not_json', `its content-type is ${contentType ? `"${contentType}"` : 'missing'}, not application/json`, { ...seen, contentType });
    }
  }
}

function refuse(reason: string, why: string, seen: Record<string, string>): never {
  throw new ApiError(
    'forbidden',
    `Refused a change from a browser without Authorization (the console's session cookie or its login): ${why}. Use the console, or send Authorization: Bearer <API key>`,
    { reason, ...seen },
  );
}

/**
 * The origins this request was addressed to: its scheme (server.ts sets `x-forwarded-proto` over TLS, Next from
 * the socket otherwise; a reverse proxy's value is kept) with its `Host`, or the `X-Forwarded-Host` a proxy set.
 * A page on another site cannot set either header without a preflight, so trusting them opens nothing.
 */
function ownOrigins(request: Request): string[] {
  const proto = first(request.headers.get('x-forwarded-proto')) ?? new URL(request.url).protocol.replace(/:$/, '');
  const hosts = [request.headers.get('host') ?? new URL(request.url).host, first(request.headers.get('x-forwarded-host'))];
  return hosts.filter((host): host is string => !!host).map((host) => `${proto}://${host}`.toLowerCase());
}

function first(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}
