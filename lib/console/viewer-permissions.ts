/**
 * @module What the console's viewer may do, decided from `GET /whoami` with the server's own rules (the same pattern
 * matching, default-exchange naming and tag nesting as lib/access's policy), so a button is offered only when the
 * API will accept it, and otherwise says why.
 */
import { patternAllows, permissionName } from '@/lib/access/permission-patterns';
import { hasTag, type UserTag } from '@/lib/access/tags';
import type { PermissionNeed } from '@/lib/access/types';
import type { VhostPermission, Whoami } from '@/lib/client/types';

/** The part of `GET /whoami` the decisions read. */
export type Viewer = Pick<Whoami, 'name' | 'tags' | 'apiKey' | 'permissions' | 'vhosts'>;

export type Decision = { allowed: true } | { allowed: false; reason: string };

export const ALLOWED: Decision = { allowed: true };

export function refused(reason: string): Decision {
  return { allowed: false, reason };
}

/** The first refusal of several decisions, or allowed. */
export function firstRefusal(...decisions: Decision[]): Decision {
  return decisions.find((decision) => !decision.allowed) ?? ALLOWED;
}

export function permissionIn(viewer: Viewer, vhost: string): VhostPermission | undefined {
  return viewer.permissions.find((permission) => permission.vhost === vhost);
}

/** A pattern the server accepted but this browser's RegExp cannot compile grants nothing here (never offered). */
function grants(pattern: string, name: string): boolean {
  try {
    return patternAllows(pattern, name);
  } catch {
    return false;
  }
}

export function viewerHasTag(viewer: Viewer, tag: UserTag): boolean {
  return hasTag(viewer.tags, tag);
}

/** A read-only API key changes nothing, whatever its user may do (AccessPolicy.requireWritable). */
export function writable(viewer: Viewer): Decision {
  return viewer.apiKey?.readOnly ? refused(`You are logged in with the read-only API key '${viewer.apiKey.name}'`) : ALLOWED;
}

export function tagDecision(viewer: Viewer, tag: UserTag): Decision {
  return viewerHasTag(viewer, tag) ? ALLOWED : refused(`Needs the ${tag} tag`);
}

/** Administrator-only actions (users, vhosts, permissions, definitions import): the tag, and not through a read-only key. */
export function administratorDecision(viewer: Viewer): Decision {
  return firstRefusal(tagDecision(viewer, 'administrator'), writable(viewer));
}

export function needText(need: PermissionNeed): string {
  return `Needs ${need.permission} permission on ${need.kind} '${permissionName(need.kind, need.name)}'`;
}

/**
 * AccessPolicy.check in the browser: refused unless every need is granted in `vhost`, the first refusal named.
 * A step that changes state (or needs more than read) is also refused to a read-only key.
 */
export function decide(viewer: Viewer, vhost: string, needs: readonly PermissionNeed[], options: { mutates: boolean }): Decision {
  if (options.mutates || needs.some((need) => need.permission !== 'read')) {
    const decision = writable(viewer);
    if (!decision.allowed) return decision;
  }
  const permission = permissionIn(viewer, vhost);
  if (!permission && needs.length > 0) return refused(`Needs permissions in vhost '${vhost}'`);
  for (const need of needs) {
    if (!grants(permission![need.permission], permissionName(need.kind, need.name))) return refused(needText(need));
  }
  return ALLOWED;
}

/**
 * Whether some name could be granted `kind` in `vhost`: for buttons that open a form where the name is typed
 * (the form then checks the name itself). Only the empty pattern (and `^$`) grants no name at all.
 */
export function mayGrantSome(viewer: Viewer, vhost: string, kind: PermissionNeed['permission']): Decision {
  const decision = writable(viewer);
  if (!decision.allowed) return decision;
  const pattern = permissionIn(viewer, vhost)?.[kind];
  if (pattern === undefined) return refused(`Needs permissions in vhost '${vhost}'`);
  return pattern === '' || pattern === '^$' ? refused(`Needs ${kind} permission in vhost '${vhost}'`) : ALLOWED;
}
