/** @module Logging in with passwords and API keys, and the throttle on failures, over a real access layer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrisma } from '../store/prisma';
import type { Access } from './access-services';
import { startAccess } from './access-services';
import { Authenticator, LoginRefused } from './authenticator';
import { SCRYPT_ALGORITHM, verifyPassword } from './password-hashing';

const PASSWORD = 'correct horse';
let dir: string;
let prisma: PrismaClient;
let access: Access;
let clock: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-authenticator-'));
  prisma = createPrisma(`file:${dir}/x.db`);
  clock = 1_800_000_000_000;
  ({ access } = await startAccess(prisma, { now: () => clock, throttle: { freeFailuresPerUser: 3, freeFailuresPerAddress: 10, baseDelayMs: 1000 } }));
  await access.directory.putUser('ann', { password: PASSWORD, tags: ['management'] });
  await access.directory.putUser('bob', { password: 'battery staple', tags: [] });
});

afterEach(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const login = (user: string, password: string, peer = '10.0.0.1:40000') => access.authenticator.login({ user, password, peer });

async function refusal(attempt: Promise<unknown> | (() => unknown)): Promise<LoginRefused> {
  let error: unknown;
  try {
    await (typeof attempt === 'function' ? attempt() : attempt);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LoginRefused);
  return error as LoginRefused;
}

describe('login', () => {
  it('accepts the password: the principal is the user, with its tags and no key', async () => {
    expect(await login('ann', PASSWORD)).toEqual({ user: 'ann', tags: ['management'] });
  });

  it("accepts one of the user's own API keys in the password's place", async () => {
    const { key, secret } = await access.directory.createApiKey('ann', { name: 'ci', readOnly: true }, clock);
    expect(await login('ann', secret)).toEqual({ user: 'ann', tags: ['management'], apiKey: { id: key.id, name: 'ci', readOnly: true } });
    expect(access.directory.findApiKey(key.id)?.lastUsedAt).toBe(clock);
  });

  it("refuses another user's key as a password", async () => {
    const { secret } = await access.directory.createApiKey('bob', { name: 'ci' }, clock);
    const error = await refusal(login('ann', secret));
    expect(error.code).toBe('unauthorized');
  });

  it('refuses a wrong password, an unknown user and an empty password alike, never saying which', async () => {
    const answers = await Promise.all([refusal(login('ann', 'wrong horse')), refusal(login('nobody', PASSWORD)), refusal(login('ann', ''))]);
    for (const error of answers) {
      expect(error.code).toBe('unauthorized');
      expect(error.message).toBe('the user name or password is not valid');
      expect(error.details).toBeUndefined();
    }
    expect(answers.map((e) => e.user)).toEqual(['ann', 'nobody', 'ann']);
  });

  it('refusing an unknown user costs a slow hash, as refusing a wrong password does (the time tells nothing)', async () => {
    const hashed: string[] = [];
    const counting = new Authenticator(access.directory, { verify: (stored, password) => (hashed.push(stored.algorithm), verifyPassword(stored, password)) });
    for (const user of ['ann', 'nobody-at-all']) await refusal(counting.login({ user, password: 'wrong guess', peer: '10.0.0.2:1' }));
    expect(hashed).toEqual([SCRYPT_ALGORITHM, SCRYPT_ALGORITHM]);
  });

  it('a user without a password logs in only with a key', async () => {
    await access.directory.putUser('svc', { tags: [] }, { allowNoPassword: true });
    const { secret } = await access.directory.createApiKey('svc', { name: 'app' }, clock);
    expect((await refusal(login('svc', 'anything at all'))).code).toBe('unauthorized');
    expect((await login('svc', secret)).user).toBe('svc');
  });

  it('refuses an expired key, as password and as bearer', async () => {
    const { secret } = await access.directory.createApiKey('ann', { name: 'short', expiresAt: clock + 60_000 }, clock);
    expect((await login('ann', secret)).apiKey?.name).toBe('short');
    clock += 60_000;
    expect((await refusal(login('ann', secret))).code).toBe('unauthorized');
    expect((await refusal(() => access.authenticator.bearer(secret, '10.0.0.1:1'))).code).toBe('unauthorized');
  });

  it('a changed password takes effect at once, even right after the old one was checked (and remembered)', async () => {
    expect((await login('ann', PASSWORD)).user).toBe('ann');
    await access.directory.putUser('ann', { password: 'new and better', tags: ['management'] });
    expect((await refusal(login('ann', PASSWORD))).code).toBe('unauthorized');
    expect((await login('ann', 'new and better')).user).toBe('ann');
  });
});

describe('bearer', () => {
  it('accepts a live key with its user and tags; keyPrincipalOf follows it', async () => {
    const { key, secret } = await access.directory.createApiKey('ann', { name: 'ci' }, clock);
    const principal = { user: 'ann', tags: ['management'], apiKey: { id: key.id, name: 'ci', readOnly: false } };
    expect(access.authenticator.bearer(secret, '10.0.0.1:1')).toEqual(principal);
    expect(access.authenticator.keyPrincipalOf(key.id)).toEqual(principal);
    await access.directory.putUser('ann', { tags: ['administrator'] });
    expect(access.authenticator.bearer(secret, '10.0.0.1:1').tags).toEqual(['administrator']);
  });

  it('refuses an unknown, a revoked, and a deleted user’s key', async () => {
    const { key, secret } = await access.directory.createApiKey('ann', { name: 'ci' }, clock);
    const bob = await access.directory.createApiKey('bob', { name: 'ci' }, clock);
    expect((await refusal(() => access.authenticator.bearer('sb_not-a-key', '10.0.0.1:1'))).code).toBe('unauthorized');
    await access.directory.revokeApiKey(key.id);
    expect((await refusal(() => access.authenticator.bearer(secret, '10.0.0.1:1'))).code).toBe('unauthorized');
    await access.directory.deleteUser('bob');
    expect((await refusal(() => access.authenticator.bearer(bob.secret, '10.0.0.1:1'))).code).toBe('unauthorized');
    expect(access.authenticator.keyPrincipalOf(key.id)).toBeUndefined();
  });

  it('failures are counted per address only; a live key still gets in from a braked address', async () => {
    const { secret } = await access.directory.createApiKey('ann', { name: 'ci' }, clock);
    for (let i = 0; i < 10; i++) await refusal(() => access.authenticator.bearer(`sb_guess-${i}`, '10.0.0.9:1'));
    expect((await refusal(() => access.authenticator.bearer('sb_guess-10', '10.0.0.9:3'))).code).toBe('unauthorized');
    expect((await refusal(() => access.authenticator.bearer('sb_guess-11', '10.0.0.9:3'))).code).toBe('too_many_requests');
    expect(access.authenticator.bearer(secret, '10.0.0.9:4').user).toBe('ann');
    expect(access.authenticator.bearer(secret, '10.0.0.1:1').user).toBe('ann');
  });
});

describe('loginHeld (AMQP: no Retry-After)', () => {
  it('answers free failures at once, then holds each refusal for the wait its brake sets, doubling, capped', async () => {
    const timers: { ms: number; run: () => void }[] = [];
    const { access: held } = await startAccess(prisma, {
      now: () => clock,
      throttle: { freeFailuresPerUser: 3, freeFailuresPerAddress: 100, baseDelayMs: 1000 },
      refusalHold: { maxHoldMs: 3000, heldPerAddress: 16 },
      setTimer: (run, ms) => timers.push({ ms, run }),
    });
    const attempt = (password: string) => held.authenticator.loginHeld({ user: 'ann', password, peer: '10.0.0.5:1' });
    for (let i = 0; i < 3; i++) expect((await refusal(attempt('wrong'))).code).toBe('unauthorized');
    expect(timers).toEqual([]);
    const holds: number[] = [];
    for (let i = 0; i < 3; i++) {
      let answered = false;
      const refused = refusal(attempt('wrong').finally(() => (answered = true)));
      // The password check is a slow hash: wait for the hold to begin.
      while (timers.length === 0 && !answered) await new Promise((resolve) => setImmediate(resolve));
      // Refused only when the timer fires: the answer waits for the brake (1 s, 2 s, then 4 s capped at 3 s).
      expect(answered).toBe(false);
      expect(held.authenticator.heldRefusals('10.0.0.5:2')).toBe(1);
      const timer = timers.shift()!;
      holds.push(timer.ms);
      timer.run();
      expect((await refused).code).toBe('unauthorized');
      clock += timer.ms === 3000 ? 4000 : timer.ms;
    }
    expect(holds).toEqual([1000, 2000, 3000]);
    // A success is never held.
    expect((await attempt(PASSWORD)).user).toBe('ann');
    expect(timers).toEqual([]);
  });
});

describe('throttling', () => {
  const fail = (user: string, peer: string) => refusal(login(user, 'wrong guess', peer));

  it('after the free failures of a user at an address, waits that double; even the right password waits', async () => {
    for (let i = 0; i < 3; i++) expect((await fail('ann', `10.0.0.1:${5000 + i}`)).code).toBe('unauthorized');
    expect((await fail('ann', '10.0.0.1:5003')).code).toBe('unauthorized');
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const blocked = await refusal(login('ann', PASSWORD, '10.0.0.1:6000'));
      expect(blocked.code).toBe('too_many_requests');
      expect(blocked.message).toBe(`too many failed logins: try again in ${Math.ceil((blocked.details as { retryAfterMs: number }).retryAfterMs / 1000)} s`);
      waits.push((blocked.details as { retryAfterMs: number }).retryAfterMs);
      clock += waits.at(-1)!;
      await fail('ann', '10.0.0.1:6001');
    }
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('an attacker at another address does not lock the user out', async () => {
    for (let i = 0; i < 8; i++) await fail('ann', `203.0.113.7:${i + 1}`);
    expect((await fail('ann', '203.0.113.7:99')).code).toBe('too_many_requests');
    expect((await login('ann', PASSWORD, '10.0.0.1:40000')).user).toBe('ann');
  });

  it('many users guessed from one address block that address for every user', async () => {
    const users = ['ann', 'bob', 'carl', 'dora', 'ed'];
    // 11 failures: one past the address's 10 free ones, while no single user passes its own 3.
    for (let i = 0; i < 11; i++) expect((await fail(users[i % users.length], `198.51.100.2:${i + 1}`)).code).toBe('unauthorized');
    expect((await refusal(login('bob', 'battery staple', '198.51.100.2:77'))).code).toBe('too_many_requests');
    expect((await login('bob', 'battery staple', '10.0.0.1:40000')).user).toBe('bob');
  });

  it('a success resets the failures of that user at that address', async () => {
    await fail('ann', '10.0.0.1:1');
    await fail('ann', '10.0.0.1:2');
    await login('ann', PASSWORD, '10.0.0.1:3');
    await fail('ann', '10.0.0.1:4');
    await fail('ann', '10.0.0.1:5');
    await fail('ann', '10.0.0.1:6');
    expect((await login('ann', PASSWORD, '10.0.0.1:7')).user).toBe('ann');
  });

  it('counts an IPv6 client as one address whatever its source port', async () => {
    for (let i = 0; i < 4; i++) await fail('ann', `::ffff:10.0.0.5:${50_000 + i}`);
    expect((await refusal(login('ann', PASSWORD, '::ffff:10.0.0.5:50010'))).code).toBe('too_many_requests');
    expect((await refusal(login('ann', PASSWORD, '[::ffff:10.0.0.5]:50011'))).code).toBe('too_many_requests');
  });
});
