/**
 * @module Who an AMQP connection is and where it works: connection.start-ok's credentials checked (a password or
 * an API key, throttled), connection.open's vhost selected, each refused with RabbitMQ's reply, each audited, as
 * is the server's closing of the connection.
 */
import type { AccessPolicy } from '../access/access-policy';
import { auditEntry, type AuditOutcome, type AuditSink } from '../access/audit';
import type { Principal } from '../access/types';
import type { Broker } from '../engine';
import { isEngineError } from '../engine';
import { REPLY } from './codec';
import { ConnectionAccess } from './connection-access';
import { replyText, type Reply } from './reply-codes';
import { readCredentials } from './sasl';

export interface LoginSettings {
  /** PLAIN / AMQPLAIN credentials (the password may be an API key): the principal, or a `LoginRefused` thrown. */
  authenticate: (user: string, password: string, peer: string) => Promise<Principal>;
  /** connection.open: the vhost's broker; `not_found` or `forbidden` when the principal may not use it. */
  openVhost: (principal: Principal, vhost: string) => Broker;
  policy: AccessPolicy;
  audit: AuditSink;
}

/** Where a connection.open took the connection. */
export interface OpenedVhost {
  vhost: string;
  broker: Broker;
  access: ConnectionAccess;
}

/** RabbitMQ's one answer to any failed login, whatever the reason (wrong password, unknown user, throttled). */
export const loginRefusal = (mechanism: string): Reply => ({
  replyCode: REPLY.ACCESS_REFUSED,
  replyText: replyText(REPLY.ACCESS_REFUSED, `Login was refused using authentication mechanism ${mechanism}. For details see the broker logfile.`),
});

/** The principal of connection.start-ok's credentials, or undefined when refused; the attempt is audited either way. */
export async function logIn(settings: LoginSettings, mechanism: string, response: Buffer, peer: string): Promise<Principal | undefined> {
  const credentials = readCredentials(mechanism, response);
  const audit = (user: string, outcome: AuditOutcome, principal?: Principal, reason?: string) =>
    settings.audit.record(
      auditEntry({ ...(principal ?? { user, tags: [] }), protocol: 'amqp', peer }, 'login', {
        at: Date.now(),
        outcome,
        detail: { mechanism, ...(reason ? { reason } : {}) },
      }),
    );
  if (!credentials) {
    audit('', 'denied', undefined, `unreadable ${mechanism} credentials`);
    return undefined;
  }
  try {
    const principal = await settings.authenticate(credentials.user, credentials.password, peer);
    audit(credentials.user, 'ok', principal);
    return principal;
  } catch (error) {
    const refused = isEngineError(error) && (error.code === 'unauthorized' || error.code === 'too_many_requests');
    if (!refused) console.error('switchboard: AMQP login failed with an unexpected error:', error);
    audit(credentials.user, refused ? 'denied' : 'error', undefined, refused ? error.message : 'internal error');
    return undefined;
  }
}

/**
 * connection.open's vhost for `principal`: its broker and the connection's access, or the 530 NOT_ALLOWED reply
 * RabbitMQ gives ("vhost v not found", "access to vhost 'v' refused for user 'u'"), audited as a refusal.
 */
export function openVhost(settings: LoginSettings, principal: Principal, vhost: string, peer: string): OpenedVhost | Reply {
  try {
    const broker = settings.openVhost(principal, vhost);
    return { vhost, broker, access: new ConnectionAccess(principal, vhost, settings.policy, settings.audit, peer) };
  } catch (error) {
    if (!isEngineError(error) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
    const reason = error.code === 'not_found' ? `vhost ${vhost} not found` : `access to vhost '${vhost}' refused for user '${principal.user}'`;
    settings.audit.record(
      auditEntry({ ...principal, protocol: 'amqp', peer }, 'connection.open', { at: Date.now(), vhost, resource: `vhost '${vhost}'`, outcome: 'denied', detail: { reason } }),
    );
    return { replyCode: REPLY.NOT_ALLOWED, replyText: replyText(REPLY.NOT_ALLOWED, reason) };
  }
}

/** The server closed the connection (the console, a revocation, a deleted vhost, shutdown): who, where, and why. */
export function recordForcedClose(audit: AuditSink, who: { principal?: Principal; user: string; peer: string; vhost: string }, reason: string): void {
  const caller = { ...(who.principal ?? { user: who.user, tags: [] }), protocol: 'amqp' as const, peer: who.peer };
  // Named apart from `connection.close`: the entry is the connection's (its owner's), not an act of its owner; who
  // closed it (an administrator, a revocation, shutdown) is in the reason, and the console's close has its own entry.
  audit.record(
    auditEntry(caller, 'connection.closed-by-server', {
      at: Date.now(),
      ...(who.vhost ? { vhost: who.vhost } : {}),
      resource: `connection ${who.peer} of user '${who.user}'`,
      outcome: 'ok',
      detail: { reason },
    }),
  );
}
