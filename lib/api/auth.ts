/**
 * @module Who may call the API: the administrator token from the environment, stored credentials (only their
 * sha256 is kept) and the dashboard's session cookies. Verified tokens are cached briefly so a request does
 * not cost a database read.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from './errors';

export const SESSION_COOKIE = 'sb_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Prefix of the token hash of the row that stands for the environment's admin token (sessions need a credential). */
const ENV_PREFIX = 'env:';
const ENV_CREDENTIAL_NAME = 'SWITCHBOARD_ADMIN_TOKEN';
const LAST_USED_RESOLUTION_MS = 60_000;
const CACHE_LIMIT = 10_000;
const notEnv = { NOT: { tokenHash: { startsWith: ENV_PREFIX } } };

/** The part of the Prisma client (models Credential and Session) that authentication uses. */
export type AuthDb = Pick<PrismaClient, 'credential' | 'session'>;

export interface Principal {
  kind: 'admin' | 'credential';
  name: string;
  credentialId?: string;
}

export interface AuthOptions {
  now?: () => number;
  /** How long a verified (or refused) token or session is trusted without asking the database. */
  cacheTtlMs?: number;
}

interface CacheEntry {
  principal: Principal | null;
  until: number;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Compares without leaking where the strings differ, nor (hashed first) their lengths. */
function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const newSecret = () => randomBytes(32).toString('base64url');

export class AuthService {
  private readonly adminToken?: string;
  private readonly now: () => number;
  private readonly cacheTtlMs: number;
  private readonly tokens = new Map<string, CacheEntry>();
  private readonly sessions = new Map<string, CacheEntry>();

  constructor(
    private readonly db: AuthDb,
    adminToken?: string,
    options: AuthOptions = {},
  ) {
    this.adminToken = adminToken ? adminToken : undefined;
    this.now = options.now ?? Date.now;
    this.cacheTtlMs = options.cacheTtlMs ?? 5_000;
  }

  /**
   * At first start with no credential and no admin token in the environment: creates one and returns its token,
   * which exists nowhere else afterwards (only its hash is stored), so boot prints it once.
   */
  async ensureInitialCredential(): Promise<string | undefined> {
    if (this.adminToken) return undefined;
    if ((await this.db.credential.count({ where: notEnv })) > 0) return undefined;
    return this.createCredential('initial');
  }

  /** Issues a new token and revokes every other stored credential with its sessions. */
  async issueToken(name: string): Promise<string> {
    const previous = await this.db.credential.findMany({ where: notEnv, select: { id: true } });
    const token = await this.createCredential(name);
    const ids = previous.map((row) => row.id);
    if (ids.length > 0) {
      await this.db.session.deleteMany({ where: { credentialId: { in: ids } } });
      await this.db.credential.deleteMany({ where: { id: { in: ids } } });
    }
    this.tokens.clear();
    this.sessions.clear();
    return token;
  }

  async verifyBearer(token: string): Promise<Principal | null> {
    if (!token) return null;
    if (this.adminToken && constantTimeEqual(token, this.adminToken)) return { kind: 'admin', name: 'admin' };
    const hash = sha256(token);
    const cached = this.cached(this.tokens, hash);
    if (cached !== undefined) return cached;
    const row = await this.db.credential.findUnique({ where: { tokenHash: hash } });
    const principal: Principal | null = row ? { kind: 'credential', name: row.name, credentialId: row.id } : null;
    if (row) this.touch(row);
    this.remember(this.tokens, hash, principal);
    return principal;
  }

  /** Logs the dashboard in: a random secret for the cookie, stored hashed, valid 7 days. */
  async createSession(token: string): Promise<{ cookieValue: string; expiresAt: Date }> {
    const principal = await this.verifyBearer(token);
    if (!principal) throw new ApiError('unauthorized', 'The token is not valid');
    const credentialId = principal.credentialId ?? (await this.adminCredentialId());
    const cookieValue = newSecret();
    const expiresAt = new Date(this.now() + SESSION_TTL_MS);
    await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date(this.now()) } } });
    await this.db.session.create({ data: { id: randomUUID(), secretHash: sha256(cookieValue), credentialId, expiresAt } });
    return { cookieValue, expiresAt };
  }

  async verifySession(cookieValue: string): Promise<Principal | null> {
    if (!cookieValue) return null;
    const hash = sha256(cookieValue);
    const cached = this.cached(this.sessions, hash);
    if (cached !== undefined) return cached;
    const principal = await this.lookupSession(hash);
    this.remember(this.sessions, hash, principal);
    return principal;
  }

  async deleteSession(cookieValue: string): Promise<void> {
    if (!cookieValue) return;
    const hash = sha256(cookieValue);
    this.sessions.delete(hash);
    await this.db.session.deleteMany({ where: { secretHash: hash } });
  }

  private async lookupSession(hash: string): Promise<Principal | null> {
    const session = await this.db.session.findUnique({ where: { secretHash: hash } });
    if (!session || session.expiresAt.getTime() <= this.now()) return null;
    const credential = await this.db.credential.findUnique({ where: { id: session.credentialId } });
    if (!credential) return null;
    if (credential.tokenHash.startsWith(ENV_PREFIX)) {
      // A session opened with the environment's token lives only as long as that token stays configured.
      const current = this.adminToken ? ENV_PREFIX + sha256(this.adminToken) : undefined;
      return credential.tokenHash === current ? { kind: 'admin', name: 'admin' } : null;
    }
    return { kind: 'credential', name: credential.name, credentialId: credential.id };
  }

  private async createCredential(name: string): Promise<string> {
    const token = `sb_${newSecret()}`;
    await this.db.credential.create({ data: { id: randomUUID(), name, tokenHash: sha256(token) } });
    return token;
  }

  /** The row that sessions of the environment's admin token hang from; its hash can never match a bearer token. */
  private async adminCredentialId(): Promise<string> {
    const tokenHash = ENV_PREFIX + sha256(this.adminToken ?? '');
    const existing = await this.db.credential.findUnique({ where: { tokenHash } });
    if (existing) return existing.id;
    return (await this.db.credential.create({ data: { id: randomUUID(), name: ENV_CREDENTIAL_NAME, tokenHash } })).id;
  }

  private touch(row: { id: string; lastUsedAt: Date | null }): void {
    if (row.lastUsedAt && this.now() - row.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    this.db.credential.update({ where: { id: row.id }, data: { lastUsedAt: new Date(this.now()) } }).catch(() => undefined);
  }

  private cached(cache: Map<string, CacheEntry>, key: string): Principal | null | undefined {
    const entry = cache.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.principal;
    cache.delete(key);
    return undefined;
  }

  private remember(cache: Map<string, CacheEntry>, key: string, principal: Principal | null): void {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, { principal, until: this.now() + this.cacheTtlMs });
  }
}
