import { describe, expect, it } from 'vitest';
import { AuthService, sha256, type AuthDb } from './auth';

interface Row {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}
interface SessionRow {
  id: string;
  secretHash: string;
  credentialId: string;
  createdAt: Date;
  expiresAt: Date;
}
type Where = Record<string, any>;

/** An in-memory stand-in for the two Prisma models, counting reads. */
function fakeDb() {
  const credentials: Row[] = [];
  const sessions: SessionRow[] = [];
  const reads = { credential: 0, session: 0 };
  const notEnv = (w: Where | undefined) => (row: Row) => !w?.NOT || !row.tokenHash.startsWith(w.NOT.tokenHash.startsWith);
  const db = {
    credential: {
      count: async ({ where }: { where?: Where } = {}) => credentials.filter(notEnv(where)).length,
      findMany: async ({ where }: { where?: Where }) => credentials.filter(notEnv(where)).map(({ id }) => ({ id })),
      findUnique: async ({ where }: { where: Where }) => {
        reads.credential++;
        return credentials.find((r) => (where.id ? r.id === where.id : r.tokenHash === where.tokenHash)) ?? null;
      },
      create: async ({ data }: { data: Omit<Row, 'createdAt' | 'lastUsedAt'> }) => {
        if (credentials.some((r) => r.tokenHash === data.tokenHash)) throw new Error('unique');
        const row = { createdAt: new Date(), lastUsedAt: null, ...data };
        credentials.push(row);
        return row;
      },
      update: async ({ where, data }: { where: Where; data: Partial<Row> }) => Object.assign(credentials.find((r) => r.id === where.id)!, data),
      deleteMany: async ({ where }: { where: Where }) => {
        const before = credentials.length;
        credentials.splice(0, credentials.length, ...credentials.filter((r) => !where.id.in.includes(r.id)));
        return { count: before - credentials.length };
      },
    },
    session: {
      create: async ({ data }: { data: Omit<SessionRow, 'createdAt'> }) => {
        const row = { createdAt: new Date(), ...data };
        sessions.push(row);
        return row;
      },
      findUnique: async ({ where }: { where: Where }) => {
        reads.session++;
        return sessions.find((s) => s.secretHash === where.secretHash) ?? null;
      },
      deleteMany: async ({ where }: { where: Where }) => {
        const keep = sessions.filter((s) => {
          if (where.secretHash) return s.secretHash !== where.secretHash;
          if (where.credentialId) return !where.credentialId.in.includes(s.credentialId);
          return !(s.expiresAt <= where.expiresAt.lte);
        });
        const count = sessions.length - keep.length;
        sessions.splice(0, sessions.length, ...keep);
        return { count };
      },
    },
  };
  return { db: db as unknown as AuthDb, credentials, sessions, reads };
}

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('AuthService', () => {
  it('creates one initial credential at first start, stores only its hash, and never again', async () => {
    const { db, credentials } = fakeDb();
    const auth = new AuthService(db);
    const token = await auth.ensureInitialCredential();
    expect(token).toMatch(/^sb_[A-Za-z0-9_-]{40,}$/);
    expect(credentials).toHaveLength(1);
    expect(credentials[0].tokenHash).toBe(sha256(token!));
    expect(JSON.stringify(credentials)).not.toContain(token);
    expect(await auth.ensureInitialCredential()).toBeUndefined();
    expect(await auth.verifyBearer(token!)).toMatchObject({ kind: 'credential', name: 'initial' });
  });

  it('creates no credential when the environment has an admin token, and accepts that token as is', async () => {
    const { db, credentials } = fakeDb();
    const auth = new AuthService(db, 'env-secret');
    expect(await auth.ensureInitialCredential()).toBeUndefined();
    expect(credentials).toHaveLength(0);
    expect(await auth.verifyBearer('env-secret')).toEqual({ kind: 'admin', name: 'admin' });
    expect(await auth.verifyBearer('env-secreT')).toBeNull();
    expect(await auth.verifyBearer('env-secret-longer')).toBeNull();
    expect(await auth.verifyBearer('')).toBeNull();
  });

  it('treats an empty admin token as none', async () => {
    const { db } = fakeDb();
    const auth = new AuthService(db, '');
    expect(await auth.verifyBearer('')).toBeNull();
    expect(await auth.ensureInitialCredential()).toEqual(expect.any(String));
  });

  it('issueToken replaces the stored credentials and their sessions', async () => {
    const { db, credentials, sessions } = fakeDb();
    const auth = new AuthService(db);
    const first = (await auth.ensureInitialCredential())!;
    await auth.createSession(first);
    expect(sessions).toHaveLength(1);
    const second = await auth.issueToken('ops');
    expect(credentials.map((c) => c.name)).toEqual(['ops']);
    expect(sessions).toHaveLength(0);
    expect(await auth.verifyBearer(first)).toBeNull();
    expect(await auth.verifyBearer(second)).toMatchObject({ name: 'ops' });
  });

  it('caches verified and refused tokens for a few seconds', async () => {
    const { db, reads } = fakeDb();
    const time = clock();
    const auth = new AuthService(db, undefined, { now: time.now, cacheTtlMs: 5000 });
    const token = (await auth.ensureInitialCredential())!;
    await auth.verifyBearer(token);
    await auth.verifyBearer(token);
    await auth.verifyBearer('wrong');
    await auth.verifyBearer('wrong');
    expect(reads.credential).toBe(2);
    time.advance(5001);
    await auth.verifyBearer(token);
    expect(reads.credential).toBe(3);
  });

  it('records when a credential was last used', async () => {
    const { db, credentials } = fakeDb();
    const auth = new AuthService(db);
    const token = (await auth.ensureInitialCredential())!;
    await auth.verifyBearer(token);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(credentials[0].lastUsedAt).toBeInstanceOf(Date);
  });

  it('sessions: a random secret stored hashed, valid 7 days, deleted on logout', async () => {
    const { db, sessions } = fakeDb();
    const time = clock();
    const auth = new AuthService(db, undefined, { now: time.now, cacheTtlMs: 0 });
    const token = (await auth.ensureInitialCredential())!;
    const session = await auth.createSession(token);
    expect(session.cookieValue).not.toContain(token);
    expect(sessions[0].secretHash).toBe(sha256(session.cookieValue));
    expect(session.expiresAt.getTime()).toBe(time.now() + 7 * 24 * 3600 * 1000);
    expect(await auth.verifySession(session.cookieValue)).toMatchObject({ kind: 'credential' });
    expect(await auth.verifySession('forged')).toBeNull();
    time.advance(7 * 24 * 3600 * 1000);
    expect(await auth.verifySession(session.cookieValue)).toBeNull();

    const next = await auth.createSession(token);
    expect(sessions).toHaveLength(1); // the expired one was cleaned up
    await auth.deleteSession(next.cookieValue);
    expect(await auth.verifySession(next.cookieValue)).toBeNull();
  });

  it('refuses a session for a wrong token with unauthorized', async () => {
    const { db } = fakeDb();
    await expect(new AuthService(db).createSession('nope')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('sessions opened with the environment token end when that token changes', async () => {
    const { db, credentials } = fakeDb();
    const auth = new AuthService(db, 'first-env', { cacheTtlMs: 0 });
    const session = await auth.createSession('first-env');
    expect(await auth.verifySession(session.cookieValue)).toEqual({ kind: 'admin', name: 'admin' });
    // The stand-in row for the env token can never match a bearer token.
    expect(credentials[0].tokenHash.startsWith('env:')).toBe(true);
    expect(await auth.ensureInitialCredential()).toBeUndefined();

    const rotated = new AuthService(db, 'second-env', { cacheTtlMs: 0 });
    expect(await rotated.verifySession(session.cookieValue)).toBeNull();
    const withoutEnv = new AuthService(db, undefined, { cacheTtlMs: 0 });
    expect(await withoutEnv.verifySession(session.cookieValue)).toBeNull();
    // And with no env token, the stand-in row does not count as an existing credential.
    expect(await withoutEnv.ensureInitialCredential()).toEqual(expect.any(String));
  });
});
