/**
 * @module Who is calling over HTTP: an API key as `Bearer`, a user and password (or key) as `Basic` (as RabbitMQ's
 * management API), or the console's session cookie. Failed credentials are throttled and audited.
 */
import type { Caller, Principal } from '@/lib/access/types';
import { auditEntry } from '@/lib/access/audit';
import type { Services } from '@/lib/server/services';
import { ApiError } from './errors';
import { readSessionCookie } from './session-cookie';

/** Set by server.ts from the socket (any value a client sends is replaced): the caller's "address:port". */
export const PEER_HEADER = 'x-switchboard-peer';

export function peerOf(request: Request): string {
  return request.headers.get(PEER_HEADER) ?? 'unknown';
}

export async function authenticate(request: Request, services: Services): Promise<Caller> {
  const peer = peerOf(request);
  const header = request.headers.get('authorization');
  if (header) {
    try {
      return { ...(await fromAuthorization(header, peer, services)), protocol: 'http', peer };
    } catch (error) {
      // While a brake holds, refusals are not written one by one: the failure that set it off was.
      if ((error as { code?: unknown }).code === 'too_many_requests') throw error;
      // By shape: the authenticator may come from the boot code's module graph, where instanceof does not hold.
      const user = error instanceof Error && 'user' in error ? String((error as { user: unknown }).user) : '';
      services.access.audit.record(
        auditEntry({ user, tags: [], protocol: 'http', peer }, 'login', { at: Date.now(), outcome: 'denied', detail: { reason: (error as Error).message } }),
      );
      throw error;
    }
  }
  const cookie = readSessionCookie(request);
  const principal = cookie ? await services.access.sessions.verify(cookie) : null;
  if (!principal) throw new ApiError('unauthorized', 'Authentication required: log in, or send Authorization: Bearer <API key> or Basic <user:password>');
  return { ...principal, protocol: 'console', peer };
}

async function fromAuthorization(header: string, peer: string, services: Services): Promise<Principal> {
  const { authenticator } = services.access;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return authenticator.bearer(bearer[1], peer);
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return authenticator.login({ user: decoded.slice(0, colon), password: decoded.slice(colon + 1), peer });
  }
  throw new ApiError('unauthorized', 'The Authorization header must be "Bearer <API key>" or "Basic <user:password>"');
}
