/**
 * @module Users, vhosts, permissions and API keys in memory (every check reads only memory), written through to the
 * repository first. Each change bumps `version`, so per-connection permission caches know to forget, and revocations
 * are announced to whoever holds connections and event streams of that user or key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EngineError } from '../engine/errors';
import type { AccessRepository } from './access-repository';
import { checkName, checkPassword, checkPermissionPatterns, checkTags } from './access-rules';
import { hashPassword } from './password-hashing';
import type { ApiKeyRecord, PermissionRecord, UserRecord, VhostRecord } from './types';

/** What ends a user's or a key's access: their AMQP connections, event streams and sessions go. */
export type Revocation = { user: string; apiKeyId?: undefined; reason: string } | { user: string; apiKeyId: string; reason: string };

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
const permissionKey = (user: string, vhost: string) => `${user}\u0000${vhost}`;
export const DEFAULT_VHOST = '/';

export class AccessDirectory {
  private readonly users = new Map<string, UserRecord>();
  private readonly vhosts = new Map<string, VhostRecord>();
  private readonly permissions = new Map<string, PermissionRecord>();
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly keysByHash = new Map<string, ApiKeyRecord>();
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>();
  private readonly expiredAnnounced = new Set<string>();
  /** Bumped by every change: caches of permission decisions compare it. */
  version = 0;

  private constructor(readonly repository: AccessRepository) {}

  static async load(repository: AccessRepository): Promise<AccessDirectory> {
    const directory = new AccessDirectory(repository);
    const snapshot = await repository.load();
    for (const user of snapshot.users) directory.users.set(user.name, user);
    for (const vhost of snapshot.vhosts) directory.vhosts.set(vhost.name, vhost);
    for (const permission of snapshot.permissions) directory.permissions.set(permissionKey(permission.user, permission.vhost), permission);
    for (const key of snapshot.apiKeys) directory.indexKey(key);
    return directory;
  }

  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  // ---- users --------------------------------------------------------------------------------

  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  findUser(name: string): UserRecord | undefined {
    return this.users.get(name);
  }

  getUser(name: string): UserRecord {
    const user = this.users.get(name);
    if (!user) throw new EngineError('not_found', `user '${name}' does not exist`, { kind: 'user', name });
    return user;
  }

  /**
   * Creates or updates a user. A new user needs a password unless `allowNoPassword`; a changed password ends every
   * connection, stream and session of the user, as the old secret should no longer be in use anywhere.
   */
  async putUser(name: string, change: { password?: string; tags: string[] }, options: { allowNoPassword?: boolean } = {}): Promise<{ created: boolean }> {
    checkName('user', name);
    const tags = checkTags(change.tags);
    const existing = this.users.get(name);
    if (change.password !== undefined) checkPassword(name, change.password);
    else if (!existing && !options.allowNoPassword) throw new EngineError('bad_request', 'a new user needs a password', { field: 'password' });
    const password = change.password !== undefined ? await hashPassword(change.password) : existing?.password;
    const user: UserRecord = { name, tags, ...(password ? { password } : {}) };
    const passwordChanged = existing !== undefined && change.password !== undefined;
    await this.repository.putUser(user, { endSessions: passwordChanged });
    this.users.set(name, user);
    this.version++;
    if (passwordChanged) this.revoke({ user: name, reason: 'password changed' });
    return { created: !existing };
  }

  /** Stores a user exactly as given (a definitions import, the first start). */
  async restoreUser(user: UserRecord): Promise<void> {
    await this.repository.putUser(user);
    this.users.set(user.name, user);
    this.version++;
  }

  /**
   * A definitions import's users, vhosts and permissions, written in one transaction and then held: all or none.
   * As with putUser, a user whose password changed or went loses its sessions, connections and streams.
   */
  async importAccess(changes: { users: UserRecord[]; vhosts: VhostRecord[]; permissions: PermissionRecord[] }): Promise<void> {
    for (const user of changes.users) {
      checkName('user', user.name);
      checkTags(user.tags);
    }
    for (const vhost of changes.vhosts) checkName('vhost', vhost.name);
    const users = new Set([...this.users.keys(), ...changes.users.map((user) => user.name)]);
    const vhosts = new Set([...this.vhosts.keys(), ...changes.vhosts.map((vhost) => vhost.name)]);
    for (const permission of changes.permissions) {
      if (!users.has(permission.user)) throw new EngineError('not_found', `user '${permission.user}' does not exist`, { kind: 'user', name: permission.user });
      if (!vhosts.has(permission.vhost)) throw new EngineError('not_found', `vhost '${permission.vhost}' does not exist`, { kind: 'vhost', name: permission.vhost });
      checkPermissionPatterns(permission);
    }
    const revoked = changes.users
      .filter(({ name, password }) => {
        const before = this.users.get(name)?.password;
        return before !== undefined && (before.hash !== password?.hash || before.algorithm !== password?.algorithm);
      })
      .map((user) => user.name);
    await this.repository.replaceMany({ ...changes, endSessionsOf: revoked });
    for (const vhost of changes.vhosts) this.vhosts.set(vhost.name, vhost);
    for (const user of changes.users) this.users.set(user.name, user);
    for (const permission of changes.permissions) this.permissions.set(permissionKey(permission.user, permission.vhost), permission);
    this.version++;
    for (const user of revoked) this.revoke({ user, reason: 'password changed' });
  }

  async deleteUser(name: string): Promise<void> {
    this.getUser(name);
    await this.repository.deleteUser(name);
    this.users.delete(name);
    for (const [key, permission] of this.permissions) if (permission.user === name) this.permissions.delete(key);
    for (const key of [...this.keys.values()]) if (key.user === name) this.unindexKey(key);
    this.version++;
    // RabbitMQ's words when it closes a deleted user's connections.
    this.revoke({ user: name, reason: `user '${name}' is deleted` });
  }

  // ---- vhosts -------------------------------------------------------------------------------

  listVhosts(): VhostRecord[] {
    return [...this.vhosts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  findVhost(name: string): VhostRecord | undefined {
    return this.vhosts.get(name);
  }

  getVhost(name: string): VhostRecord {
    const vhost = this.vhosts.get(name);
    if (!vhost) throw new EngineError('not_found', `vhost '${name}' does not exist`, { kind: 'vhost', name });
    return vhost;
  }

  async putVhost(name: string, description = ''): Promise<{ created: boolean }> {
    checkName('vhost', name);
    const existing = this.vhosts.get(name);
    const vhost = { name, description };
    await this.repository.putVhost(vhost);
    this.vhosts.set(name, vhost);
    this.version++;
    return { created: !existing };
  }

  async deleteVhost(name: string): Promise<void> {
    this.getVhost(name);
    await this.repository.deleteVhost(name);
    this.vhosts.delete(name);
    for (const [key, permission] of this.permissions) if (permission.vhost === name) this.permissions.delete(key);
    this.version++;
  }

  // ---- permissions --------------------------------------------------------------------------

  listPermissions(filter: { user?: string; vhost?: string } = {}): PermissionRecord[] {
    return [...this.permissions.values()]
      .filter((p) => (filter.user === undefined || p.user === filter.user) && (filter.vhost === undefined || p.vhost === filter.vhost))
      .sort((a, b) => a.vhost.localeCompare(b.vhost) || a.user.localeCompare(b.user));
  }

  findPermission(user: string, vhost: string): PermissionRecord | undefined {
    return this.permissions.get(permissionKey(user, vhost));
  }

  async setPermission(permission: PermissionRecord): Promise<{ created: boolean }> {
    this.getUser(permission.user);
    this.getVhost(permission.vhost);
    checkPermissionPatterns(permission);
    const key = permissionKey(permission.user, permission.vhost);
    const existing = this.permissions.get(key);
    const record = { user: permission.user, vhost: permission.vhost, configure: permission.configure, write: permission.write, read: permission.read };
    await this.repository.putPermission(record);
    this.permissions.set(key, record);
    this.version++;
    return { created: !existing };
  }

  async clearPermission(user: string, vhost: string): Promise<void> {
    if (!this.findPermission(user, vhost)) throw new EngineError('not_found', `user '${user}' has no permissions in vhost '${vhost}'`, { kind: 'permission', user, vhost });
    await this.repository.deletePermission(user, vhost);
    this.permissions.delete(permissionKey(user, vhost));
    this.version++;
  }

  // ---- API keys -----------------------------------------------------------------------------

  listApiKeys(user: string): ApiKeyRecord[] {
    return [...this.keys.values()].filter((key) => key.user === user).sort((a, b) => a.createdAt - b.createdAt);
  }

  findApiKey(id: string): ApiKeyRecord | undefined {
    return this.keys.get(id);
  }

  findApiKeyBySecret(secret: string): ApiKeyRecord | undefined {
    return this.keysByHash.get(sha256Hex(secret));
  }

  /** Creates a key and returns its secret, which exists nowhere else afterwards. */
  async createApiKey(user: string, spec: { name: string; readOnly?: boolean; expiresAt?: number; secret?: string }, now: number): Promise<{ key: ApiKeyRecord; secret: string }> {
    this.getUser(user);
    checkName('API key', spec.name);
    if (this.listApiKeys(user).some((key) => key.name === spec.name)) {
      throw new EngineError('precondition_failed', `user '${user}' already has an API key named '${spec.name}'`, { field: 'name', value: spec.name });
    }
    // Written as "not after now" so that NaN, which no Date can store, is refused here too.
    if (spec.expiresAt !== undefined && !(spec.expiresAt > now)) throw new EngineError('bad_request', 'expiresAt must be in the future', { field: 'expiresAt' });
    const secret = spec.secret ?? `sb_${randomBytes(32).toString('base64url')}`;
    const tokenHash = sha256Hex(secret);
    if (this.keysByHash.has(tokenHash)) throw new EngineError('precondition_failed', 'that secret is already a key', { field: 'secret' });
    const key: ApiKeyRecord = { id: randomUUID(), user, name: spec.name, tokenHash, readOnly: spec.readOnly ?? false, createdAt: now, ...(spec.expiresAt !== undefined ? { expiresAt: spec.expiresAt } : {}) };
    await this.repository.putApiKey(key);
    this.indexKey(key);
    this.version++;
    return { key, secret };
  }

  async revokeApiKey(id: string): Promise<ApiKeyRecord> {
    const key = this.keys.get(id);
    if (!key) throw new EngineError('not_found', `API key '${id}' does not exist`, { kind: 'apiKey', name: id });
    await this.repository.deleteApiKey(id);
    this.unindexKey(key);
    this.version++;
    this.revoke({ user: key.user, apiKeyId: key.id, reason: 'API key revoked' });
    return key;
  }

  /** Records use of a key, at most once a minute per key (it is shown in the console, not needed exactly). */
  noteKeyUsed(key: ApiKeyRecord, now: number): void {
    if (key.lastUsedAt !== undefined && now - key.lastUsedAt < 60_000) return;
    key.lastUsedAt = now;
    this.repository.touchApiKey(key.id, now).catch(() => undefined);
  }

  private indexKey(key: ApiKeyRecord): void {
    this.keys.set(key.id, key);
    this.keysByHash.set(key.tokenHash, key);
  }

  private unindexKey(key: ApiKeyRecord): void {
    this.keys.delete(key.id);
    this.keysByHash.delete(key.tokenHash);
  }

  /**
   * Announces every key that has expired by `now` (once each), so the connections and streams it opened end as a
   * revoked key's do; logins with it are refused from the instant it expires.
   */
  announceExpired(now: number): void {
    for (const key of this.keys.values()) {
      if (key.expiresAt === undefined || key.expiresAt > now || this.expiredAnnounced.has(key.id)) continue;
      this.expiredAnnounced.add(key.id);
      this.revoke({ user: key.user, apiKeyId: key.id, reason: 'API key expired' });
    }
  }

  private revoke(revocation: Revocation): void {
    for (const listener of this.revocationListeners) listener(revocation);
  }
}
