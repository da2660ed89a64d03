import { describe, expect, it } from 'vitest';
import { hashPassword, rabbitHash, RABBIT_SHA256, RABBIT_SHA512, SCRYPT_ALGORITHM, verifyPassword } from '@/lib/access/password-hashing';
import type { UserRecord } from '@/lib/access/types';
import { nameAsPasswordWarnings, planAccess, type AccessSnapshot } from './definitions-access';
import { definitionsImportSchema } from './schemas/definitions';

const parse = (value: unknown) => definitionsImportSchema.parse(value);
const NONE: AccessSnapshot = { users: [], vhosts: [], permissions: [] };
const issuesOf = (plan: ReturnType<typeof planAccess>) => plan.issues.map((i) => [i.path.join('.'), i.code]);

describe('planAccess: users', () => {
  it('keeps RabbitMQ sha256 and sha512 hashes as they are, so the same password still logs in', async () => {
    const sha256 = rabbitHash('orders-password');
    const sha512 = rabbitHash('billing-password', RABBIT_SHA512);
    const plan = planAccess(
      parse({
        users: [
          { name: 'orders', password_hash: sha256, hashing_algorithm: RABBIT_SHA256, tags: ['management'] },
          { name: 'billing', password_hash: sha512, hashing_algorithm: RABBIT_SHA512, tags: '' },
          { name: 'legacy', password_hash: rabbitHash('legacy-password') },
        ],
      }),
      NONE,
    );
    expect(plan.issues).toEqual([]);
    const [orders, billing, legacy] = plan.users.map((write) => write.next);
    expect(orders).toEqual({ name: 'orders', tags: ['management'], password: { hash: sha256, algorithm: RABBIT_SHA256 } });
    expect(await verifyPassword(orders.password!, 'orders-password')).toBe(true);
    expect(await verifyPassword(billing.password!, 'billing-password')).toBe(true);
    // Without hashing_algorithm, RabbitMQ reads sha256.
    expect(await verifyPassword(legacy.password!, 'legacy-password')).toBe(true);
    expect(plan.diff.added.users).toEqual([
      { name: 'orders', tags: ['management'], hashing_algorithm: RABBIT_SHA256 },
      { name: 'billing', tags: [], hashing_algorithm: RABBIT_SHA512 },
      { name: 'legacy', tags: [], hashing_algorithm: RABBIT_SHA256 },
    ]);
    expect(JSON.stringify(plan.diff)).not.toContain(sha256);
  });

  it('reads an empty or absent hash as a user without a password, and says so', () => {
    const plan = planAccess(parse({ users: [{ name: 'robot', password_hash: '', hashing_algorithm: RABBIT_SHA256, tags: ['monitoring'] }, { name: 'bare' }] }), NONE);
    expect(plan.users.map((w) => w.next)).toEqual([
      { name: 'robot', tags: ['monitoring'] },
      { name: 'bare', tags: [] },
    ]);
    expect(plan.warnings).toEqual([
      "user 'robot' has no password: it logs in with API keys only until one is set",
      "user 'bare' has no password: it logs in with API keys only until one is set",
    ]);
  });

  it('refuses unknown algorithms, malformed hashes, unknown tags, bad names and clear-text passwords, all at once', () => {
    const plan = planAccess(
      parse({
        users: [
          { name: 'a', password_hash: rabbitHash('x-password'), hashing_algorithm: 'rabbit_password_hashing_md5' },
          { name: 'b', password_hash: '', hashing_algorithm: 'bcrypt' },
          { name: 'c', password_hash: 'REDACTED', hashing_algorithm: RABBIT_SHA256 },
          { name: 'd', password_hash: rabbitHash('x-password'), hashing_algorithm: RABBIT_SHA512 },
          { name: 'e', tags: ['administrator', 'impersonator'] },
          { name: '', tags: [] },
          { name: 'f', password: 'plain-text-password' },
        ],
      }),
      NONE,
    );
    expect(issuesOf(plan)).toEqual([
      ['users.0.hashing_algorithm', 'invalid_value'],
      ['users.1.hashing_algorithm', 'invalid_value'],
      ['users.2.password_hash', 'invalid_value'],
      ['users.3.password_hash', 'invalid_value'],
      ['users.4.tags', 'invalid_value'],
      ['users.5.name', 'invalid_value'],
      ['users.6.password', 'not_supported'],
    ]);
    expect(plan.issues[0].message).toContain("unknown hashing algorithm 'rabbit_password_hashing_md5'");
    expect(plan.issues[4].message).toContain("unknown tag 'impersonator'");
    expect(plan.users).toEqual([]);
  });

  it('updates a user whose tags or password differ, as RabbitMQ does, and leaves the same one alone', async () => {
    const scrypt = await hashPassword('current-password');
    const current: AccessSnapshot = {
      users: [
        { name: 'same', tags: ['management', 'monitoring'], password: scrypt },
        { name: 'retagged', tags: [], password: scrypt },
        { name: 'rehashed', tags: [], password: scrypt },
        { name: 'unlisted', tags: [] },
      ],
      vhosts: [],
      permissions: [],
    };
    const newHash = rabbitHash('new-password');
    const plan = planAccess(
      parse({
        users: [
          { name: 'same', password_hash: scrypt.hash, hashing_algorithm: SCRYPT_ALGORITHM, tags: ['monitoring', 'management'] },
          { name: 'retagged', password_hash: scrypt.hash, hashing_algorithm: SCRYPT_ALGORITHM, tags: ['administrator'] },
          { name: 'rehashed', password_hash: newHash, hashing_algorithm: RABBIT_SHA256, tags: [] },
        ],
      }),
      current,
    );
    expect(plan.users.map((w) => [w.next.name, w.before?.name])).toEqual([
      ['retagged', 'retagged'],
      ['rehashed', 'rehashed'],
    ]);
    expect(plan.diff.changed.users).toEqual([
      { name: 'retagged', current: { name: 'retagged', tags: [], hashing_algorithm: SCRYPT_ALGORITHM }, desired: { name: 'retagged', tags: ['administrator'], hashing_algorithm: SCRYPT_ALGORITHM }, passwordChanged: false },
      { name: 'rehashed', current: { name: 'rehashed', tags: [], hashing_algorithm: SCRYPT_ALGORITHM }, desired: { name: 'rehashed', tags: [], hashing_algorithm: RABBIT_SHA256 }, passwordChanged: true },
    ]);
    expect(plan.diff.removed.users.map((u) => u.name)).toEqual(['unlisted']);
  });

  it('refuses one user defined twice with different settings', () => {
    const plan = planAccess(parse({ users: [{ name: 'u', tags: [] }, { name: 'u', tags: ['monitoring'] }, { name: 'v' }, { name: 'v' }] }), NONE);
    expect(issuesOf(plan)).toEqual([['users.1.name', 'duplicate']]);
  });
});

describe('planAccess: vhosts and permissions', () => {
  const admin: UserRecord = { name: 'admin', tags: ['administrator'] };
  const current: AccessSnapshot = {
    users: [admin],
    vhosts: [{ name: '/', description: 'Default virtual host' }],
    permissions: [{ user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
  };

  it("adds vhosts with RabbitMQ 3.10's metadata.description or 3.11's description, and keeps a description the file leaves out", () => {
    const plan = planAccess(
      parse({ vhosts: [{ name: '/' }, { name: 'jobs', metadata: { description: 'Jobs', tags: '' } }, { name: 'billing', description: 'Billing' }] }),
      current,
    );
    expect(plan.vhosts.map((w) => w.next)).toEqual([
      { name: 'jobs', description: 'Jobs' },
      { name: 'billing', description: 'Billing' },
    ]);
    expect(plan.diff.changed.vhosts).toEqual([]);
    const renamed = planAccess(parse({ vhosts: [{ name: '/', description: 'Main' }] }), current);
    expect(renamed.diff.changed.vhosts).toEqual([{ name: '/', current: { name: '/', description: 'Default virtual host' }, desired: { name: '/', description: 'Main' } }]);
  });

  it('adds and changes permissions of users and vhosts in the file or already there', () => {
    const plan = planAccess(
      parse({
        users: [{ name: 'app' }],
        vhosts: [{ name: 'jobs' }],
        permissions: [
          { user: 'app', vhost: 'jobs', configure: '^jobs\\.', write: '.*', read: '' },
          { user: 'admin', vhost: '/', configure: '', write: '.*', read: '.*' },
          { user: 'admin', vhost: 'jobs', configure: '.*', write: '.*', read: '.*' },
        ],
      }),
      current,
    );
    expect(plan.issues).toEqual([]);
    expect(plan.diff.added.permissions.map((p) => `${p.user}@${p.vhost}`)).toEqual(['app@jobs', 'admin@jobs']);
    expect(plan.diff.changed.permissions).toEqual([
      { user: 'admin', vhost: '/', current: { user: 'admin', vhost: '/', configure: '.*', write: '.*', read: '.*' }, desired: { user: 'admin', vhost: '/', configure: '', write: '.*', read: '.*' } },
    ]);
    expect(plan.permissions.find((w) => w.before)?.before).toEqual(current.permissions[0]);
  });

  it('refuses permissions naming unknown users or vhosts, or holding an invalid expression', () => {
    const plan = planAccess(
      parse({
        vhosts: [{ name: 'bad\u0001name' }],
        permissions: [
          { user: 'ghost', vhost: '/', configure: '.*', write: '.*', read: '.*' },
          { user: 'admin', vhost: 'nowhere', configure: '.*', write: '.*', read: '.*' },
          { user: 'admin', vhost: '/', configure: '.*', write: '(', read: '.*' },
        ],
      }),
      current,
    );
    expect(issuesOf(plan)).toEqual([
      ['vhosts.0.name', 'invalid_value'],
      ['permissions.0.user', 'not_found'],
      ['permissions.1.vhost', 'not_found'],
      ['permissions.2.write', 'invalid_value'],
    ]);
    expect(plan.issues[1].message).toBe("user 'ghost' is neither in the file nor in Switchboard");
  });
});

describe('nameAsPasswordWarnings', () => {
  it("warns of RabbitMQ's guest/guest and any user whose password is its name", async () => {
    const plan = planAccess(
      parse({ users: [{ name: 'guest', password_hash: rabbitHash('guest'), tags: ['administrator'] }, { name: 'app', password_hash: rabbitHash('app-password') }] }),
      NONE,
    );
    expect(await nameAsPasswordWarnings(plan)).toEqual(["user 'guest' has its own name as password and may log in from anywhere: change it (PUT /api/v1/users/guest)"]);
  });
});
