/** @module What the audit log records: every state change and every refusal, with who, how, from where and what. */
import type { Caller } from './types';

export type AuditOutcome = 'ok' | 'denied' | 'error';

export interface AuditEntry {
  /** Epoch milliseconds. */
  at: number;
  user: string;
  /** The API key's name, when one was used. */
  apiKey?: string;
  /** `system`: done by Switchboard itself, not for a caller (a standby taking over). */
  protocol: Caller['protocol'] | 'system';
  peer: string;
  vhost?: string;
  /** A dotted verb: `queue.purge`, `login`, `user.put`, `replay.start`, ... */
  action: string;
  /** What it acted on: `queue 'orders'`, `user 'ann'`, ... */
  resource?: string;
  outcome: AuditOutcome;
  /** Free-form facts: a refusal's reason, an import's diff, a replay's counts. */
  detail?: Record<string, unknown>;
  /** How many messages it touched. */
  affected?: number;
}

/** Where entries go; writing is batched by the implementation, so `record` never waits. */
export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** An entry for `caller` doing `action`. */
export function auditEntry(caller: Caller, action: string, fields: Omit<AuditEntry, 'user' | 'apiKey' | 'protocol' | 'peer' | 'action' | 'at'> & { at: number }): AuditEntry {
  return {
    user: caller.user,
    ...(caller.apiKey ? { apiKey: caller.apiKey.name } : {}),
    protocol: caller.protocol,
    peer: caller.peer,
    action,
    ...fields,
  };
}

/** Until the store's audit writer is attached (and in tests that don't look): entries are dropped. */
export const discardAudit: AuditSink = { record: () => undefined };
