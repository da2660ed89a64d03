/** @module Console sessions on a real database and a fake clock: how each one ends. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import { startAccess, type Access } from './access-services';
import { SESSION_TTL_MS, SessionStore } from './sessions';

const MINUTE = 60_000;
const IDLE = 30 * MINUTE;
let dir: string;
let prisma: PrismaClient;
let access: Access;
let clock: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-sessions-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  clock = 1_800_000_000_000;
  ({ access } = await startAccess(prisma, { now: () => clock, sessionIdleTimeoutMs: IDLE }));
  await access.directory.putUser('ann', { tags: ['management'] }, { allowNoPassword: true });
  await access.directory.putUser('bob', { tags: [] }, { allowNoPassword: true });
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = async (user: string, apiKey?: { id: string; name: string; readOnly: boolean }) =>
  (await access.sessions.create({ user, tags: [], ...(apiKey ? { apiKey } : {}) })).cookieValue;
const verify = (cookie: string) => access.sessions.verify(cookie);

describe('sessions', () => {
  it('a new session answers with its user as it is now; the cookie is stored only hashed', async () => {
    const cookie = await open('ann');
    expect(await verify(cookie)).toEqual({ user: 'ann', tags: ['management'], sessionId: expect.any(String) });
    await access.directory.putUser('ann', { tags: ['monitoring'] });
    expect(await verify(cookie)).toEqual({ user: 'ann', tags: ['monitoring'], sessionId: expect.any(String) });
    expect(JSON.stringify(await prisma.session.findMany())).not.toContain(cookie);
  });

  it('unknown and empty cookies are no session', async () => {
    await open('ann');
    expect(await verify('not-a-session')).toBeNull();
    expect(await verify('')).toBeNull();
  });

  it('ends after the idle timeout, and activity keeps it alive', async () => {
    const cookie = await open('ann');
    for (let i = 0; i < 4; i++) {
      clock += IDLE - MINUTE;
      expect(await verify(cookie)).not.toBeNull();
    }
    clock += IDLE + 1;
    expect(await verify(cookie)).toBeNull();
    clock -= IDLE;
    expect(await verify(cookie)).toBeNull();
    expect(await prisma.session.count()).toBe(0);
  });

  it('ends at its absolute expiry however active it is', async () => {
    const sessions = new SessionStore(prisma, access.directory, { now: () => clock, idleTimeoutMs: SESSION_TTL_MS * 2 });
    const { cookieValue, expiresAt } = await sessions.create({ user: 'ann', tags: [] });
    expect(expiresAt.getTime()).toBe(clock + SESSION_TTL_MS);
    clock += SESSION_TTL_MS - 1;
    expect(await sessions.verify(cookieValue)).not.toBeNull();
    clock += 1;
    expect(await sessions.verify(cookieValue)).toBeNull();
  });

  it('idleness is judged from the database after a restart', async () => {
    const cookie = await open('ann');
    clock += 10 * MINUTE;
    expect(await verify(cookie)).not.toBeNull();
    const restarted = new SessionStore(prisma, access.directory, { now: () => clock, idleTimeoutMs: IDLE });
    clock += IDLE - MINUTE;
    expect(await restarted.verify(cookie)).not.toBeNull();
    const again = new SessionStore(prisma, access.directory, { now: () => clock, idleTimeoutMs: IDLE });
    clock += IDLE + MINUTE;
    expect(await again.verify(cookie)).toBeNull();
  });

  it('end logs out one session; endAll every session of the user, and says how many; each end is announced', async () => {
    const [a1, a2, a3, b1] = [await open('ann'), await open('ann'), await open('ann'), await open('bob')];
    const ids = async (...cookies: string[]) => Promise.all(cookies.map(async (cookie) => (await verify(cookie))!.sessionId!));
    const [id1, id2, id3] = await ids(a1, a2, a3);
    const ended: string[][] = [];
    access.sessions.onEnded((sessionIds) => ended.push([...sessionIds].sort()));
    await access.sessions.end(a1);
    expect(ended).toEqual([[id1]]);
    expect(await verify(a1)).toBeNull();
    expect(await verify(a2)).not.toBeNull();
    expect(await access.sessions.endAll('ann')).toBe(2);
    expect(await verify(a2)).toBeNull();
    expect(await verify(a3)).toBeNull();
    expect(await verify(b1)).toEqual({ user: 'bob', tags: [], sessionId: expect.any(String) });
    expect(ended).toEqual([[id1], [id2, id3].sort()]);
    expect(await access.sessions.endAll('ann')).toBe(0);
    expect(ended).toHaveLength(2);
  });
});

describe('sessions and revocation', () => {
  it("a password change ends every session of that user, at once, and no one else's", async () => {
    const { key } = await access.directory.createApiKey('ann', { name: 'ci' }, clock);
    const byPassword = await open('ann');
    const byKey = await open('ann', { id: key.id, name: 'ci', readOnly: false });
    const bob = await open('bob');
    expect(await verify(byPassword)).not.toBeNull();
    await access.directory.putUser('ann', { password: 'a brand new one', tags: ['management'] });
    expect(await verify(byPassword)).toBeNull();
    expect(await verify(byKey)).toBeNull();
    expect(await verify(bob)).not.toBeNull();
  });

  it('a tags-only change ends nothing', async () => {
    const cookie = await open('ann');
    await access.directory.putUser('ann', { tags: [] });
    expect(await verify(cookie)).toEqual({ user: 'ann', tags: [], sessionId: expect.any(String) });
  });

  it('deleting the user ends its sessions', async () => {
    const cookie = await open('ann');
    await access.directory.deleteUser('ann');
    expect(await verify(cookie)).toBeNull();
    expect(await prisma.session.count({ where: { user: 'ann' } })).toBe(0);
  });

  it('revoking a key ends the sessions opened with it, not the others of its user', async () => {
    const ci = (await access.directory.createApiKey('ann', { name: 'ci' }, clock)).key;
    const ro = (await access.directory.createApiKey('ann', { name: 'ro', readOnly: true }, clock)).key;
    const withCi = await open('ann', { id: ci.id, name: 'ci', readOnly: false });
    const withRo = await open('ann', { id: ro.id, name: 'ro', readOnly: true });
    const byPassword = await open('ann');
    expect(await verify(withRo)).toEqual({ user: 'ann', tags: ['management'], apiKey: { id: ro.id, name: 'ro', readOnly: true }, sessionId: expect.any(String) });
    await access.directory.revokeApiKey(ci.id);
    expect(await verify(withCi)).toBeNull();
    expect(await verify(withRo)).not.toBeNull();
    expect(await verify(byPassword)).not.toBeNull();
  });

  it('a session opened with a key that was revoked meanwhile, or has expired, ends', async () => {
    const { key } = await access.directory.createApiKey('ann', { name: 'short', expiresAt: clock + 10 * MINUTE }, clock);
    const cookie = await open('ann', { id: key.id, name: 'short', readOnly: false });
    expect(await verify(cookie)).not.toBeNull();
    clock += 10 * MINUTE;
    expect(await verify(cookie)).toBeNull();

    // A session row naming a key that no longer exists (revoked while this process was down).
    const gone = await open('ann', { id: 'key-that-was-revoked', name: 'old', readOnly: false });
    expect(await verify(gone)).toBeNull();
  });
});
