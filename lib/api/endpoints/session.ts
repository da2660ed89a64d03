/** @module Console login and logout: a user and password (or API key) traded for an httpOnly session cookie. */
import { auditEntry } from '@/lib/access/audit';
import { hasTag } from '@/lib/access/tags';
import { EngineError } from '@/lib/engine';
import { endpoint } from '../endpoint';
import { peerOf } from '../request-caller';
import { json, noContent } from '../respond';
import { sessionBodySchema, sessionsEndedSchema } from '../schemas/access';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '../session-cookie';

export const createSession = endpoint({
  operationId: 'createSession',
  method: 'POST',
  path: '/session',
  tag: 'session',
  summary: 'Log in to the console: a user and its password (or one of its API keys) for the `sb_session` cookie',
  description:
    'As in RabbitMQ, only users with a management tag (management, policymaker, monitoring, administrator) may use the console. ' +
    'Failed logins are throttled per user and address (429 with Retry-After). Sessions end after 8 idle hours, after 7 days, ' +
    'and when the user is deleted, changes password, or the key they were opened with is revoked.',
  public: true,
  body: sessionBodySchema,
  responses: { 204: { description: 'Logged in', headers: { 'set-cookie': 'The session cookie' } } },
  errors: ['unauthorized', 'forbidden', 'too_many_requests'],
  handle: async ({ services, body, request }) => {
    const peer = peerOf(request);
    const { access } = services;
    const at = Date.now();
    const visitor = { user: body.user, tags: [], protocol: 'console' as const, peer };
    try {
      const principal = await access.authenticator.login({ user: body.user, password: body.password, peer });
      if (!hasTag(principal.tags, 'management')) {
        throw new EngineError('forbidden', `user '${body.user}' has no management tag: the console is for management, policymaker, monitoring and administrator users`, {
          permission: 'management',
          resource: { kind: 'tag', name: 'management' },
        });
      }
      const session = await access.sessions.create(principal);
      access.audit.record(auditEntry({ ...principal, protocol: 'console', peer }, 'login', { at, outcome: 'ok' }));
      return noContent({ 'set-cookie': sessionCookie(request, session.cookieValue, session.expiresAt) });
    } catch (error) {
      access.audit.record(auditEntry(visitor, 'login', { at, outcome: 'denied', detail: { reason: (error as Error).message } }));
      throw error;
    }
  },
});

export const deleteSession = endpoint({
  operationId: 'deleteSession',
  method: 'DELETE',
  path: '/session',
  tag: 'session',
  summary: 'Log out: ends the session and clears its cookie',
  public: true,
  responses: { 204: { description: 'Logged out', headers: { 'set-cookie': 'The cleared cookie' } } },
  handle: async ({ services, request }) => {
    const cookie = readSessionCookie(request);
    if (cookie) await services.access.sessions.end(cookie);
    return noContent({ 'set-cookie': clearedSessionCookie(request) });
  },
});

export const deleteAllSessions = endpoint({
  operationId: 'deleteAllSessions',
  method: 'DELETE',
  path: '/sessions',
  tag: 'session',
  summary: "Log out everywhere: ends every console session of the caller's user",
  responses: { 200: { description: 'How many sessions ended', schema: sessionsEndedSchema } },
  errors: ['forbidden'],
  authorize: ({ access }) => access.requireWritable('Logging out everywhere'),
  audit: { action: 'session.logout-everywhere' },
  handle: async ({ services, caller, request, note }) => {
    const ended = await services.access.sessions.endAll(caller!.user);
    note({ affected: ended });
    return json({ ended }, 200, { 'set-cookie': clearedSessionCookie(request) });
  },
});
