/**
 * @module Console sessions: a random cookie secret, kept hashed, tied to a user (and the API key it was opened with).
 * A session ends when it expires, when it has been idle too long, when its user logs out everywhere, and when its
 * user is deleted, changes password, or its key is revoked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessDb } from './access-repository';
import { sha256Hex, type AccessDirectory } from './access-directory';
import type { Principal } from './types';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** RabbitMQ's management UI logs out after 8 idle hours (login_session_timeout); so does the console by default. */
export const DEFAULT_SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
const LAST_SEEN_RESOLUTION_MS = 60_000;
const CACHE_TTL_MS = 5_000;
const CACHE_LIMIT = 10_000;

interface CachedSession {
  id: string;
  user: string;
  apiKeyId: string | undefined;
  lastSeenAt: number;
  /** The lastSeenAt the database has: written at most once a minute. */
  storedSeenAt: number;
  expiresAt: number;
  checkedAt: number;
}

export interface SessionOptions {
  now?: () => number;
  idleTimeoutMs?: number;
}

export class SessionStore {
  private readonly now: () => number;
  readonly idleTimeoutMs: number;
  private readonly cache = new Map<string, CachedSession>();
  private readonly endedListeners = new Set<(sessionIds: readonly string[]) => void>();

  constructor(
    private readonly db: Pick<AccessDb, 'session'>,
    private readonly directory: AccessDirectory,
    options: SessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS;
    directory.onRevoked((revocation) => {
      const where = revocation.apiKeyId ? { apiKeyId: revocation.apiKeyId } : { user: revocation.user };
      for (const [hash, session] of this.cache) {
        if (revocation.apiKeyId ? session.apiKeyId === revocation.apiKeyId : session.user === revocation.user) this.cache.delete(hash);
      }
      this.db.session.deleteMany({ where }).catch(() => undefined);
    });
  }

  async create(principal: Principal): Promise<{ cookieValue: string; expiresAt: Date }> {
    const now = this.now();
    const cookieValue = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + SESSION_TTL_MS);
    await this.db.session.deleteMany({ where: { OR: [{ expiresAt: { lte: new Date(now) } }, { lastSeenAt: { lte: new Date(now - this.idleTimeoutMs) } }] } });
    await this.db.session.create({
      data: { id: randomUUID(), secretHash: sha256Hex(cookieValue), user: principal.user, apiKeyId: principal.apiKey?.id ?? null, expiresAt, lastSeenAt: new Date(now) },
    });
    return { cookieValue, expiresAt };
  }

  /** The session's principal, or null when it is unknown, expired, idle too long, or its user or key is gone. */
  async verify(cookieValue: string): Promise<Principal | null> {
    if (!cookieValue) return null;
    const hash = sha256Hex(cookieValue);
    const now = this.now();
    let session = this.cache.get(hash);
    if (!session || now - session.checkedAt > CACHE_TTL_MS) {
      const row = await this.db.session.findUnique({ where: { secretHash: hash } });
      if (!row) {
        this.cache.delete(hash);
        return null;
      }
      const storedSeenAt = row.lastSeenAt.getTime();
      const lastSeenAt = Math.max(storedSeenAt, session?.lastSeenAt ?? 0);
      session = { id: row.id, user: row.user, apiKeyId: row.apiKeyId ?? undefined, lastSeenAt, storedSeenAt, expiresAt: row.expiresAt.getTime(), checkedAt: now };
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(hash, session);
    }
    if (session.expiresAt <= now || now - session.lastSeenAt > this.idleTimeoutMs) {
      await this.end(cookieValue);
      return null;
    }
    const principal = this.principalOf(session);
    if (!principal) return null;
    session.lastSeenAt = now;
    if (now - session.storedSeenAt >= LAST_SEEN_RESOLUTION_MS) {
      session.storedSeenAt = now;
      this.db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } }).catch(() => undefined);
    }
    return principal;
  }

  /** Called with the ids of sessions that end (logout, log out everywhere, expiry): what they opened ends too. */
  onEnded(listener: (sessionIds: readonly string[]) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  async end(cookieValue: string): Promise<void> {
    const hash = sha256Hex(cookieValue);
    this.cache.delete(hash);
    const row = await this.db.session.findUnique({ where: { secretHash: hash }, select: { id: true } });
    await this.db.session.deleteMany({ where: { secretHash: hash } });
    if (row) this.announceEnded([row.id]);
  }

  /** "Log out everywhere": every session of the user ends. Answers how many there were. */
  async endAll(user: string): Promise<number> {
    for (const [hash, session] of this.cache) if (session.user === user) this.cache.delete(hash);
    const ids = (await this.db.session.findMany({ where: { user }, select: { id: true } })).map((row) => row.id);
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    this.announceEnded(ids);
    return ids.length;
  }

  private announceEnded(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const listener of this.endedListeners) listener(ids);
  }

  private principalOf(session: CachedSession): Principal | null {
    const user = this.directory.findUser(session.user);
    if (!user) return null;
    if (!session.apiKeyId) return { user: user.name, tags: user.tags, sessionId: session.id };
    const key = this.directory.findApiKey(session.apiKeyId);
    if (!key || (key.expiresAt !== undefined && key.expiresAt <= this.now())) return null;
    return { user: user.name, tags: user.tags, apiKey: { id: key.id, name: key.name, readOnly: key.readOnly }, sessionId: session.id };
  }
}
