/** @module Whose audit events a principal may read: administrators and monitoring users everyone's, others their own. */
import { EngineError } from '../engine/errors';
import type { AccessPolicy } from './access-policy';
import type { AuditFilter } from './audit-log';
import type { Principal } from './types';

/** `user` set: only that user's events. */
export interface AuditVisibility {
  user?: string;
}

export function auditVisibility(principal: Principal, policy: Pick<AccessPolicy, 'hasTag'>): AuditVisibility {
  // Administrator implies monitoring (RabbitMQ's tags nest), so one question covers both.
  return policy.hasTag(principal, 'monitoring') ? {} : { user: principal.user };
}

/** The filter narrowed to what may be read; asking for someone else's events is refused rather than quietly answered with one's own. */
export function visibleAuditFilter<F extends AuditFilter>(visibility: AuditVisibility, filter: F): F {
  if (visibility.user === undefined) return filter;
  if (filter.user !== undefined && filter.user !== visibility.user) {
    throw new EngineError('forbidden', `user '${visibility.user}' may read only its own audit events; reading another user's needs the 'monitoring' tag`, {
      permission: 'monitoring',
      resource: { kind: 'tag', name: 'monitoring' },
    });
  }
  return { ...filter, user: visibility.user };
}
