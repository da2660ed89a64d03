/**
 * @module The one policy every door asks (HTTP, AMQP, event streams, the console): may this principal use this
 * vhost, take this permission on this resource, act with this tag, see this connection. Refusals are `forbidden`
 * engine errors whose details name the permission and the resource, and whose message is RabbitMQ's reply text.
 */
import { EngineError } from '../engine/errors';
import type { AccessDirectory } from './access-directory';
import { permissionName, patternAllows } from './permission-patterns';
import { hasTag, type UserTag } from './tags';
import type { PermissionNeed, Principal } from './types';

export interface CheckOptions {
  /** The step changes state (everything but looking): refused to a read-only API key. */
  mutates: boolean;
}

export class AccessPolicy {
  constructor(readonly directory: AccessDirectory) {}

  /** The principal of a user as it is now (tags change; a stale copy must not keep an old tag). */
  principal(user: string, apiKey?: Principal['apiKey']): Principal {
    const record = this.directory.getUser(user);
    return { user, tags: record.tags, ...(apiKey ? { apiKey } : {}) };
  }

  hasTag(principal: Principal, tag: UserTag): boolean {
    return hasTag(this.currentTags(principal), tag);
  }

  requireTag(principal: Principal, tag: UserTag, action: string): void {
    if (this.hasTag(principal, tag)) return;
    throw new EngineError('forbidden', `${action} needs the '${tag}' tag; user '${principal.user}' does not have it`, {
      permission: tag,
      resource: { kind: 'tag', name: tag },
    });
  }

  /** A read-only API key changes nothing, whatever its user may do. */
  requireWritable(principal: Principal, action: string): void {
    if (!principal.apiKey?.readOnly) return;
    throw new EngineError('forbidden', `API key '${principal.apiKey.name}' is read-only: ${action} is refused`, {
      permission: 'write',
      resource: { kind: 'apiKey', name: principal.apiKey.name },
    });
  }

  /** RabbitMQ's vhost access: the user has a permission entry there (even one of empty patterns). */
  canUseVhost(principal: Principal, vhost: string): boolean {
    return this.directory.findVhost(vhost) !== undefined && this.directory.findPermission(principal.user, vhost) !== undefined;
  }

  /** `not_found` for a vhost that does not exist, `forbidden` for one the user may not use (RabbitMQ: 530 NOT_ALLOWED). */
  checkVhost(principal: Principal, vhost: string): void {
    this.directory.getVhost(vhost);
    if (this.canUseVhost(principal, vhost)) return;
    throw new EngineError('forbidden', `access to vhost '${vhost}' refused for user '${principal.user}'`, {
      permission: 'vhost',
      resource: { kind: 'vhost', name: vhost },
    });
  }

  /** May see a vhost's figures: its users, and monitoring (which sees every vhost) and administrators. */
  canSeeVhost(principal: Principal, vhost: string): boolean {
    return this.hasTag(principal, 'monitoring') || this.canUseVhost(principal, vhost);
  }

  /** The vhosts whose resources and figures this principal sees. */
  visibleVhosts(principal: Principal): string[] {
    return this.directory
      .listVhosts()
      .map((vhost) => vhost.name)
      .filter((vhost) => this.canSeeVhost(principal, vhost));
  }

  /** Connections: one's own, or everyone's with monitoring (RabbitMQ's management plugin does the same). */
  canSeeConnectionOf(principal: Principal, owner: string): boolean {
    return owner === principal.user || this.hasTag(principal, 'monitoring');
  }

  /** Closing a connection: one's own, or anyone's as an administrator. */
  canCloseConnectionOf(principal: Principal, owner: string): boolean {
    return owner === principal.user || this.hasTag(principal, 'administrator');
  }

  allows(principal: Principal, vhost: string, need: PermissionNeed): boolean {
    const permission = this.directory.findPermission(principal.user, vhost);
    return permission !== undefined && patternAllows(permission[need.permission], permissionName(need.kind, need.name));
  }

  /** Refuses unless every need is granted in `vhost`, in order; the first refusal names its permission and resource. */
  check(principal: Principal, vhost: string, needs: readonly PermissionNeed[], options: CheckOptions): void {
    if (options.mutates || needs.some((need) => need.permission !== 'read')) this.requireWritable(principal, 'this action');
    for (const need of needs) {
      if (!this.allows(principal, vhost, need)) throw refusal(principal, vhost, need);
    }
  }

  private currentTags(principal: Principal): readonly string[] {
    return this.directory.findUser(principal.user)?.tags ?? [];
  }
}

/**
 * RabbitMQ 3.10's text, which does not name the permission: "access to queue 'q' in vhost '/' refused for user 'app'"
 * (the details do name it).
 */
export function refusal(principal: Principal, vhost: string, need: PermissionNeed): EngineError {
  const name = permissionName(need.kind, need.name);
  return new EngineError('forbidden', `access to ${need.kind} '${name}' in vhost '${vhost}' refused for user '${principal.user}'`, {
    permission: need.permission,
    resource: { kind: need.kind, vhost, name },
  });
}
