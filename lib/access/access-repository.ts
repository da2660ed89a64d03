/** @module Where users, vhosts, permissions and API keys are kept: the tables Prisma owns, read whole at start. */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { isHashingAlgorithm } from './password-hashing';
import type { ApiKeyRecord, PermissionRecord, UserRecord, VhostRecord } from './types';

export type AccessDb = Pick<PrismaClient, 'user' | 'vhost' | 'permission' | 'apiKey' | 'session' | '$transaction'>;

export interface AccessSnapshot {
  users: UserRecord[];
  vhosts: VhostRecord[];
  permissions: PermissionRecord[];
  apiKeys: ApiKeyRecord[];
}

const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

export class AccessRepository {
  constructor(readonly db: AccessDb) {}

  async load(): Promise<AccessSnapshot> {
    const [users, vhosts, permissions, apiKeys] = await Promise.all([
      this.db.user.findMany({ orderBy: { name: 'asc' } }),
      this.db.vhost.findMany({ orderBy: { name: 'asc' } }),
      this.db.permission.findMany(),
      this.db.apiKey.findMany({ orderBy: { createdAt: 'asc' } }),
    ]);
    return {
      users: users.map((row) => ({
        name: row.name,
        tags: JSON.parse(row.tags) as string[],
        ...(row.passwordHash && isHashingAlgorithm(row.hashingAlgorithm) ? { password: { hash: row.passwordHash, algorithm: row.hashingAlgorithm } } : {}),
      })),
      vhosts: vhosts.map(({ name, description }) => ({ name, description })),
      permissions: permissions.map(({ user, vhost, configure, write, read }) => ({ user, vhost, configure, write, read })),
      apiKeys: apiKeys.map((row) => ({
        id: row.id,
        user: row.user,
        name: row.name,
        tokenHash: row.tokenHash,
        readOnly: row.readOnly,
        createdAt: row.createdAt.getTime(),
        ...(row.expiresAt ? { expiresAt: row.expiresAt.getTime() } : {}),
        ...(row.lastUsedAt ? { lastUsedAt: row.lastUsedAt.getTime() } : {}),
      })),
    };
  }

  /**
   * Writes the user. `endSessions` (its password changed) deletes its console sessions in the same transaction, so no
   * session opened with the old password outlives the change, even across a restart.
   */
  async putUser(user: UserRecord, options: { endSessions?: boolean } = {}): Promise<void> {
    const data = { passwordHash: user.password?.hash ?? null, hashingAlgorithm: user.password?.algorithm ?? '', tags: JSON.stringify(user.tags) };
    const upsert = this.db.user.upsert({ where: { name: user.name }, create: { name: user.name, ...data }, update: data });
    if (options.endSessions) await this.db.$transaction([upsert, this.db.session.deleteMany({ where: { user: user.name } })]);
    else await upsert;
  }

  /** Deletes the user with its permissions, keys and sessions. */
  async deleteUser(name: string): Promise<void> {
    await this.db.$transaction([
      this.db.permission.deleteMany({ where: { user: name } }),
      this.db.apiKey.deleteMany({ where: { user: name } }),
      this.db.session.deleteMany({ where: { user: name } }),
      this.db.user.deleteMany({ where: { name } }),
    ]);
  }

  async putVhost(vhost: VhostRecord): Promise<void> {
    await this.db.vhost.upsert({ where: { name: vhost.name }, create: vhost, update: { description: vhost.description } });
  }

  async deleteVhost(name: string): Promise<void> {
    await this.db.$transaction([this.db.permission.deleteMany({ where: { vhost: name } }), this.db.vhost.deleteMany({ where: { name } })]);
  }

  async putPermission(permission: PermissionRecord): Promise<void> {
    const { user, vhost, configure, write, read } = permission;
    await this.db.permission.upsert({ where: { user_vhost: { user, vhost } }, create: permission, update: { configure, write, read } });
  }

  async deletePermission(user: string, vhost: string): Promise<void> {
    await this.db.permission.deleteMany({ where: { user, vhost } });
  }

  async putApiKey(key: ApiKeyRecord): Promise<void> {
    await this.db.apiKey.create({
      data: { id: key.id, user: key.user, name: key.name, tokenHash: key.tokenHash, readOnly: key.readOnly, expiresAt: date(key.expiresAt), createdAt: new Date(key.createdAt) },
    });
  }

  /** Deletes the key and the sessions opened with it. */
  async deleteApiKey(id: string): Promise<void> {
    await this.db.$transaction([this.db.session.deleteMany({ where: { apiKeyId: id } }), this.db.apiKey.deleteMany({ where: { id } })]);
  }

  async touchApiKey(id: string, at: number): Promise<void> {
    await this.db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: new Date(at) } });
  }

  /** Everything at once, for a definitions import: all of it is written or none. */
  async replaceMany(changes: { users: UserRecord[]; vhosts: VhostRecord[]; permissions: PermissionRecord[]; endSessionsOf?: string[] }): Promise<void> {
    const endSessionsOf = changes.endSessionsOf ?? [];
    await this.db.$transaction([
      // As putUser's endSessions: users whose password changed keep no session opened with the old one.
      ...(endSessionsOf.length > 0 ? [this.db.session.deleteMany({ where: { user: { in: endSessionsOf } } })] : []),
      ...changes.vhosts.map((vhost) => this.db.vhost.upsert({ where: { name: vhost.name }, create: vhost, update: { description: vhost.description } })),
      ...changes.users.map((user) => {
        const data = { passwordHash: user.password?.hash ?? null, hashingAlgorithm: user.password?.algorithm ?? '', tags: JSON.stringify(user.tags) };
        return this.db.user.upsert({ where: { name: user.name }, create: { name: user.name, ...data }, update: data });
      }),
      ...changes.permissions.map((p) =>
        this.db.permission.upsert({
          where: { user_vhost: { user: p.user, vhost: p.vhost } },
          create: p,
          update: { configure: p.configure, write: p.write, read: p.read },
        }),
      ),
    ]);
  }
}
