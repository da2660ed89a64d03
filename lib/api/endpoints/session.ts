/** @module Dashboard login and logout: a token traded for an httpOnly session cookie. */
import { endpoint } from '../endpoint';
import { noContent } from '../respond';
import { sessionBodySchema } from '../schemas/system';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '../session-cookie';

export const createSession = endpoint({
  operationId: 'createSession',
  method: 'POST',
  path: '/session',
  tag: 'session',
  summary: 'Log in: trades a token for the `sb_session` cookie (httpOnly, SameSite=Strict, 7 days)',
  public: true,
  body: sessionBodySchema,
  responses: { 204: { description: 'Logged in', headers: { 'set-cookie': 'The session cookie' } } },
  errors: ['unauthorized'],
  handle: async ({ services, body, request }) => {
    const session = await services.auth.createSession(body.token);
    return noContent({ 'set-cookie': sessionCookie(request, session.cookieValue, session.expiresAt) });
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
    if (cookie) await services.auth.deleteSession(cookie);
    return noContent({ 'set-cookie': clearedSessionCookie(request) });
  },
});
