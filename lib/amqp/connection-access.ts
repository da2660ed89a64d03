/**
 * @module What one AMQP connection may do in its vhost: the policy's decisions cached per connection (forgotten when
 * the access directory changes), and the audit entries of what the connection does or is refused.
 */
import type { AccessPolicy } from '../access/access-policy';
import { EngineError, isEngineError } from '../engine';
import { auditEntry, type AuditEntry, type AuditSink } from '../access/audit';
import { publishNeeds } from '../access/operations';
import type { Caller, PermissionKind, PermissionNeed, Principal, ResourceKind } from '../access/types';

/** Past this many remembered names (server-named queues are all different) the cache starts over. */
const CACHE_LIMIT = 10_000;

type Decisions = Record<PermissionKind, Record<ResourceKind, Set<string>>>;

const emptyDecisions = (): Decisions => ({
  configure: { queue: new Set(), exchange: new Set() },
  write: { queue: new Set(), exchange: new Set() },
  read: { queue: new Set(), exchange: new Set() },
});

export class ConnectionAccess {
  private readonly caller: Caller;
  /** Only grants are kept: a refusal closes the channel, so asking the policy again then costs nothing that matters. */
  private allowed = emptyDecisions();
  private remembered = 0;
  private seenVersion: number;

  constructor(
    readonly principal: Principal,
    readonly vhost: string,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditSink,
    peer: string,
  ) {
    this.caller = { ...principal, protocol: 'amqp', peer };
    this.seenVersion = policy.directory.version;
  }

  /** Throws the policy's `forbidden` refusal unless every need is granted (a read-only key may change nothing). */
  check(needs: readonly PermissionNeed[], mutates: boolean): void {
    this.forgetIfChanged();
    if (!mutates || !this.principal.apiKey?.readOnly) {
      let granted = true;
      for (const need of needs) {
        if (!this.allowed[need.permission][need.kind].has(need.name)) {
          granted = false;
          break;
        }
      }
      if (granted) return;
    }
    // A refusal's message is RabbitMQ 3.10's reply text already (lib/access/access-policy.ts `refusal`).
    this.policy.check(this.principal, this.vhost, needs, { mutates });
    for (const need of needs) this.remember(need);
  }

  /** basic.publish's check, on the hot path: one version compare and one set lookup once the exchange is known. */
  checkPublish(exchange: string): void {
    if (this.seenVersion === this.policy.directory.version && this.allowed.write.exchange.has(exchange)) return;
    this.check(publishNeeds(exchange), true);
  }

  /** An audit entry of this connection's principal, in its vhost. */
  record(action: string, fields: Partial<Pick<AuditEntry, 'resource' | 'outcome' | 'detail' | 'affected'>> = {}): void {
    this.audit.record(auditEntry(this.caller, action, { at: Date.now(), vhost: this.vhost, outcome: 'ok', ...fields }));
  }

  /** A refusal the client heard (`reason`, its reply text), naming the permission and resource when the policy did. */
  recordRefusal(action: string, error: unknown, reason: string): void {
    const details = isEngineError(error) ? (error.details as { permission?: string; resource?: { kind?: string; name?: string } } | undefined) : undefined;
    const resource = details?.resource?.kind ? { resource: `${details.resource.kind} '${details.resource.name}'` } : {};
    this.record(action, { outcome: 'denied', detail: { reason, ...(details?.permission ? { permission: details.permission } : {}) }, ...resource });
  }

  private remember(need: PermissionNeed): void {
    if (++this.remembered > CACHE_LIMIT) {
      this.allowed = emptyDecisions();
      this.remembered = 1;
    }
    this.allowed[need.permission][need.kind].add(need.name);
  }

  private forgetIfChanged(): void {
    const version = this.policy.directory.version;
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.allowed = emptyDecisions();
    this.remembered = 0;
  }
}

/** How an audit entry names a resource: `queue 'orders'`. */
export const resourceName = (kind: ResourceKind, name: string) => `${kind} '${name}'`;
