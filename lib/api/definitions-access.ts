/**
 * @module Users, vhosts and permissions in RabbitMQ's definitions format: the export (with our scrypt hashes, or
 * without them for RabbitMQ) and the plan of an import: what to write, the diff, and every problem at once.
 */
import { checkName, checkPermissionPatterns, checkTags } from '@/lib/access/access-rules';
import { assertWellFormedHash, isHashingAlgorithm, RABBIT_SHA256, SCRYPT_ALGORITHM, verifyPassword } from '@/lib/access/password-hashing';
import type { PermissionRecord, UserRecord, VhostRecord } from '@/lib/access/types';
import { isEngineError } from './errors';
import type { Issue } from './schemas/common';
import type {
  DefinitionsDiff,
  DefinitionsImport,
  PermissionDefinition,
  UserDefinition,
  UserDiffEntry,
  VhostDefinition,
  VhostDiffEntry,
} from './schemas/definitions';

export interface AccessSnapshot {
  users: readonly UserRecord[];
  vhosts: readonly VhostRecord[];
  permissions: readonly PermissionRecord[];
}

/** `switchboard` keeps every hash; `rabbitmq` leaves out the ones RabbitMQ cannot check (ours). */
export type ExportTarget = 'switchboard' | 'rabbitmq';

/** A record an import writes, with what was there before (undefined: it is new), so a failed import can put it back. */
export interface Write<T> {
  next: T;
  before?: T;
}

type Sections<U, V, P> = { users: U[]; vhosts: V[]; permissions: P[] };
export type AccessDiff = {
  added: Sections<UserDiffEntry, VhostDiffEntry, PermissionDefinition>;
  changed: Pick<DefinitionsDiff['changed'], 'users' | 'vhosts' | 'permissions'>;
  removed: Sections<UserDiffEntry, VhostDiffEntry, PermissionDefinition>;
};

export interface AccessPlan {
  users: Write<UserRecord>[];
  vhosts: Write<VhostRecord>[];
  permissions: Write<PermissionRecord>[];
  diff: AccessDiff;
  warnings: string[];
  issues: Issue[];
}

export function userToDefinition(user: UserRecord, target: ExportTarget = 'switchboard'): UserDefinition {
  const password = user.password && (target === 'switchboard' || user.password.algorithm !== SCRYPT_ALGORITHM) ? user.password : undefined;
  return {
    name: user.name,
    password_hash: password?.hash ?? '',
    // Without a hash, RabbitMQ's own default: RabbitMQ stores any name it is given, and a later password is set with it.
    hashing_algorithm: password?.algorithm ?? RABBIT_SHA256,
    tags: [...user.tags],
    limits: {},
  };
}

export const vhostToDefinition = (vhost: VhostRecord): VhostDefinition => ({
  name: vhost.name,
  limits: [],
  metadata: { description: vhost.description, tags: [] },
});

export const permissionToDefinition = ({ user, vhost, configure, write, read }: PermissionRecord): PermissionDefinition => ({
  user,
  vhost,
  configure,
  write,
  read,
});

export function exportAccess(access: AccessSnapshot, target: ExportTarget) {
  return {
    users: access.users.map((user) => userToDefinition(user, target)),
    vhosts: access.vhosts.map(vhostToDefinition),
    permissions: access.permissions.map(permissionToDefinition),
  };
}

const fieldOf = (error: { details?: unknown }) => {
  const field = (error.details as { field?: unknown } | undefined)?.field;
  return typeof field === 'string' ? field : undefined;
};

/** A user's hash and algorithm; "" is RabbitMQ's user without a password, whose algorithm must still be one we know. */
function checkHash(hash: string, algorithm: string): void {
  try {
    assertWellFormedHash(hash, algorithm);
  } catch (error) {
    if (!(hash === '' && isEngineError(error) && fieldOf(error) === 'password_hash')) throw error;
  }
}

const userEntry = (user: UserRecord): UserDiffEntry => ({ name: user.name, tags: [...user.tags], ...(user.password ? { hashing_algorithm: user.password.algorithm } : {}) });
const vhostEntry = ({ name, description }: VhostRecord): VhostDiffEntry => ({ name, description });
const permissionKey = (p: { user: string; vhost: string }) => `${p.user}\u0000${p.vhost}`;
const samePassword = (a: UserRecord, b: UserRecord) => a.password?.hash === b.password?.hash && a.password?.algorithm === b.password?.algorithm;
const sameTags = (a: readonly string[], b: readonly string[]) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
const samePatterns = (a: PermissionRecord, b: PermissionRecord) => a.configure === b.configure && a.write === b.write && a.read === b.read;

/** Problems found while reading a file, each with its path in the whole file. */
class Issues {
  readonly list: Issue[] = [];

  add(path: (string | number)[], code: string, message: string): void {
    this.list.push({ in: 'body', path, code, message });
  }

  /** Runs one of lib/access's rules; its refusal becomes an issue at `path` and the field it names. */
  rule(path: (string | number)[], check: () => void): boolean {
    try {
      check();
      return true;
    } catch (error) {
      if (!isEngineError(error)) throw error;
      const field = fieldOf(error);
      this.add(field ? [...path, field] : path, 'invalid_value', error.message);
      return false;
    }
  }
}

type VhostEntry = { name: string; description?: string };

function readUsers(defs: DefinitionsImport['users'], issues: Issues): Map<string, UserRecord> {
  const users = new Map<string, UserRecord>();
  defs.forEach((def, index) => {
    const at = ['users', index];
    if ('password' in def) {
      issues.add([...at, 'password'], 'not_supported', `user '${def.name}': a definitions file carries password_hash, not a password; set passwords with PUT /api/v1/users/{name}`);
      return;
    }
    const algorithm = def.hashing_algorithm ?? RABBIT_SHA256;
    const hash = def.password_hash ?? '';
    const checks = [issues.rule(at, () => checkName('user', def.name)), issues.rule(at, () => checkTags(def.tags)), issues.rule(at, () => checkHash(hash, algorithm))];
    if (!checks.every(Boolean)) return;
    const password = hash !== '' && isHashingAlgorithm(algorithm) ? { password: { hash, algorithm } } : {};
    const user: UserRecord = { name: def.name, tags: checkTags(def.tags), ...password };
    const twin = users.get(def.name);
    if (twin && !(samePassword(twin, user) && sameTags(twin.tags, user.tags))) issues.add([...at, 'name'], 'duplicate', `user '${def.name}' is defined twice with different settings`);
    users.set(def.name, user);
  });
  return users;
}

function readVhosts(defs: DefinitionsImport['vhosts'], issues: Issues): Map<string, VhostEntry> {
  const vhosts = new Map<string, VhostEntry>();
  defs.forEach((def, index) => {
    if (!issues.rule(['vhosts', index], () => checkName('vhost', def.name))) return;
    const description = def.description ?? def.metadata?.description;
    const twin = vhosts.get(def.name);
    if (twin && twin.description !== description) issues.add(['vhosts', index, 'name'], 'duplicate', `vhost '${def.name}' is defined twice with different descriptions`);
    vhosts.set(def.name, { name: def.name, ...(description !== undefined ? { description } : {}) });
  });
  return vhosts;
}

/** `known` says whether a user or vhost is in the file (even if its entry is refused: that issue says why, once) or in Switchboard. */
function readPermissions(defs: DefinitionsImport['permissions'], known: (field: 'user' | 'vhost', name: string) => boolean, issues: Issues): Map<string, PermissionRecord> {
  const permissions = new Map<string, PermissionRecord>();
  defs.forEach((def, index) => {
    const at = ['permissions', index];
    const permission = permissionToDefinition(def);
    let valid = issues.rule(at, () => checkPermissionPatterns(permission));
    for (const field of ['user', 'vhost'] as const) {
      if (known(field, def[field])) continue;
      issues.add([...at, field], 'not_found', `${field} '${def[field]}' is neither in the file nor in Switchboard`);
      valid = false;
    }
    if (!valid) return;
    const twin = permissions.get(permissionKey(def));
    if (twin && !samePatterns(twin, permission)) issues.add([...at, 'user'], 'duplicate', `the permissions of user '${def.user}' in vhost '${def.vhost}' are defined twice`);
    permissions.set(permissionKey(def), permission);
  });
  return permissions;
}

/** Plans the users, vhosts and permissions of an import against what Switchboard holds. */
export function planAccess(file: Pick<DefinitionsImport, 'users' | 'vhosts' | 'permissions'>, current: AccessSnapshot): AccessPlan {
  const issues = new Issues();
  const users = readUsers(file.users, issues);
  const vhosts = readVhosts(file.vhosts, issues);
  const currentUsers = new Map(current.users.map((u) => [u.name, u]));
  const currentVhosts = new Map(current.vhosts.map((v) => [v.name, v]));
  const inFile = { user: new Set(file.users.map((u) => u.name)), vhost: new Set(file.vhosts.map((v) => v.name)) };
  const inSwitchboard = { user: currentUsers, vhost: currentVhosts };
  const permissions = readPermissions(file.permissions, (field, name) => inFile[field].has(name) || inSwitchboard[field].has(name), issues);

  const plan: AccessPlan = {
    users: [],
    vhosts: [],
    permissions: [],
    diff: { added: { users: [], vhosts: [], permissions: [] }, changed: { users: [], vhosts: [], permissions: [] }, removed: { users: [], vhosts: [], permissions: [] } },
    warnings: [],
    issues: issues.list,
  };
  const { added, changed, removed } = plan.diff;
  for (const user of users.values()) {
    const before = currentUsers.get(user.name);
    if (!before) {
      plan.users.push({ next: user });
      added.users.push(userEntry(user));
      if (!user.password) plan.warnings.push(`user '${user.name}' has no password: it logs in with API keys only until one is set`);
    } else if (!samePassword(before, user) || !sameTags(before.tags, user.tags)) {
      plan.users.push({ next: user, before });
      changed.users.push({ name: user.name, current: userEntry(before), desired: userEntry(user), passwordChanged: !samePassword(before, user) });
      if (before.password && !user.password) plan.warnings.push(`user '${user.name}' loses its password: it logs in with API keys only until one is set`);
    }
  }
  for (const { name, description } of vhosts.values()) {
    const before = currentVhosts.get(name);
    const next = { name, description: description ?? before?.description ?? '' };
    if (!before) {
      plan.vhosts.push({ next });
      added.vhosts.push(vhostEntry(next));
    } else if (before.description !== next.description) {
      plan.vhosts.push({ next, before });
      changed.vhosts.push({ name, current: vhostEntry(before), desired: vhostEntry(next) });
    }
  }
  const currentPermissions = new Map(current.permissions.map((p) => [permissionKey(p), p]));
  for (const [key, permission] of permissions) {
    const before = currentPermissions.get(key);
    if (!before) {
      plan.permissions.push({ next: permission });
      added.permissions.push(permission);
    } else if (!samePatterns(before, permission)) {
      plan.permissions.push({ next: permission, before });
      changed.permissions.push({ user: permission.user, vhost: permission.vhost, current: permissionToDefinition(before), desired: permission });
    }
  }
  removed.users = current.users.filter((u) => !users.has(u.name)).map(userEntry);
  removed.vhosts = current.vhosts.filter((v) => !vhosts.has(v.name)).map(vhostEntry);
  removed.permissions = current.permissions.filter((p) => !permissions.has(permissionKey(p))).map(permissionToDefinition);
  return plan;
}

/**
 * Imported users whose password is their own name, such as RabbitMQ's guest/guest: RabbitMQ lets guest in from
 * localhost only, Switchboard from anywhere, so the import says so. Our own hashes never are (PUT /users refuses it).
 */
export async function nameAsPasswordWarnings(plan: AccessPlan): Promise<string[]> {
  const warnings: string[] = [];
  for (const { next } of plan.users) {
    if (next.password && next.password.algorithm !== SCRYPT_ALGORITHM && (await verifyPassword(next.password, next.name))) {
      warnings.push(`user '${next.name}' has its own name as password and may log in from anywhere: change it (PUT /api/v1/users/${encodeURIComponent(next.name)})`);
    }
  }
  return warnings;
}
