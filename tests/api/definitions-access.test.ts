/** Users, vhosts and permissions in definitions over the real server: imported users log in with their RabbitMQ passwords. */
import amqp from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { rabbitHash, RABBIT_SHA512 } from '@/lib/access/password-hashing';
import { as, createUser, PASSWORD } from './access-fixture';
import { api, enc, errorCode, unique } from './http';

const NOTHING = { exchanges: [], queues: [], bindings: [], users: [], vhosts: [], permissions: [] };

/** amqp://user:password@host:port/vhost on the test server's AMQP listener. */
function amqpUrl(user: string, password: string, vhost: string): string {
  const url = new URL(inject('amqpUrl'));
  url.username = enc(user);
  url.password = enc(password);
  url.pathname = `/${enc(vhost)}`;
  return url.toString();
}

describe('users, vhosts and permissions in definitions', () => {
  it('imports RabbitMQ sha256 and sha512 users who then log in with their RabbitMQ passwords over HTTP and AMQP', async () => {
    const vhost = unique('vh-acc');
    const app = { name: unique('app'), password: 'app-rabbit-password' };
    const ops = { name: unique('ops'), password: 'ops-rabbit-password' };
    const appHash = rabbitHash(app.password);
    const file = {
      rabbit_version: '3.10.8',
      users: [
        { name: app.name, password_hash: appHash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'], limits: {} },
        // RabbitMQ 3.8 wrote tags as one comma-separated string.
        { name: ops.name, password_hash: rabbitHash(ops.password, RABBIT_SHA512), hashing_algorithm: 'rabbit_password_hashing_sha512', tags: 'monitoring,management' },
      ],
      vhosts: [{ name: vhost, limits: [], metadata: { description: 'Orders of the tests', tags: [] } }],
      permissions: [
        // Publishing through the default exchange needs write on amq.default, as in RabbitMQ.
        { user: app.name, vhost, configure: '^orders\\.', write: '^(orders\\..*|amq\\.default)$', read: '^orders\\.' },
        { user: ops.name, vhost: '/', configure: '', write: '', read: '.*' },
      ],
      queues: [{ name: 'orders.pending', vhost, durable: true, auto_delete: false, arguments: {} }],
    };

    const dryRun = await api('POST', '/definitions?dryRun=true', { body: file });
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(dryRun.body.added.users).toEqual([
      { name: app.name, tags: ['management'], hashing_algorithm: 'rabbit_password_hashing_sha256' },
      { name: ops.name, tags: ['monitoring', 'management'], hashing_algorithm: 'rabbit_password_hashing_sha512' },
    ]);
    expect(dryRun.body.added.vhosts).toEqual([{ name: vhost, description: 'Orders of the tests' }]);
    expect(dryRun.body.added.permissions).toHaveLength(2);
    expect(dryRun.text).not.toContain(appHash);
    expect((await api('GET', '/whoami', as(app.name, app.password))).status).toBe(401);

    const imported = await api('POST', '/definitions', { body: file });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.added).toEqual(dryRun.body.added);

    const me = await api('GET', '/whoami', as(app.name, app.password));
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({ name: app.name, tags: ['management'], permissions: [{ vhost, configure: '^orders\\.', write: '^(orders\\..*|amq\\.default)$', read: '^orders\\.' }] });
    expect((await api('GET', '/whoami', as(app.name, 'not-the-password'))).status).toBe(401);
    expect((await api('GET', '/whoami', as(ops.name, ops.password))).body).toMatchObject({ name: ops.name, tags: ['monitoring', 'management'] });

    const connection = await amqp.connect(amqpUrl(app.name, app.password, vhost));
    try {
      const channel = await connection.createChannel();
      expect(await channel.checkQueue('orders.pending')).toMatchObject({ queue: 'orders.pending', messageCount: 0 });
      channel.sendToQueue('orders.pending', Buffer.from('first'));
      const got = await channel.get('orders.pending', { noAck: true });
      expect(got && got.content.toString()).toBe('first');
    } finally {
      await connection.close();
    }
    await expect(amqp.connect(amqpUrl(app.name, 'not-the-password', vhost))).rejects.toThrow();

    const exported = await api('GET', '/definitions');
    expect(exported.body.users).toContainEqual({ name: app.name, password_hash: appHash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['management'], limits: {} });
    expect(exported.body.vhosts).toContainEqual({ name: vhost, limits: [], metadata: { description: 'Orders of the tests', tags: [] } });
    expect(exported.body.permissions).toContainEqual({ user: ops.name, vhost: '/', configure: '', write: '', read: '.*' });

    const again = await api('POST', '/definitions', { body: file });
    expect(again.body.added).toEqual(NOTHING);
    expect(again.body.changed).toEqual({ exchanges: [], queues: [], users: [], vhosts: [], permissions: [] });
  });

  it("exports Switchboard's own hashes with their algorithm, and leaves them out of an export for RabbitMQ", async () => {
    const user = await createUser(['monitoring'], 'scrypt');
    const find = (body: { users: { name: string; password_hash: string }[] }) => body.users.find((u) => u.name === user);

    const ours = find((await api('GET', '/definitions')).body);
    expect(ours).toMatchObject({ hashing_algorithm: 'switchboard_password_hashing_scrypt', tags: ['monitoring'] });
    expect(ours?.password_hash).not.toBe('');
    const forRabbit = find((await api('GET', '/definitions?for=rabbitmq')).body);
    expect(forRabbit).toEqual({ name: user, password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring'], limits: {} });
    expect(errorCode(await api('GET', '/definitions?for=lavinmq'))).toBe('bad_request');

    // Our own export imports back as it is: nothing changes and the password still works.
    const dryRun = await api('POST', '/definitions?dryRun=true', { body: { users: [ours] } });
    expect(dryRun.body.changed.users).toEqual([]);
    expect(dryRun.body.added.users).toEqual([]);
    expect((await api('GET', '/whoami', as(user, PASSWORD))).status).toBe(200);
  });

  it('answers 400 naming the problem, and changes nothing, for bad users, vhosts and permissions', async () => {
    const vhost = unique('vh-bad');
    const user = unique('u-bad');
    const good = { vhosts: [{ name: vhost }], users: [{ name: user, password_hash: rabbitHash('some-password'), tags: [] }] };
    const permission = { user, vhost, configure: '.*', write: '.*', read: '.*' };
    const cases: [string, Record<string, unknown>][] = [
      ['users.0.hashing_algorithm', { users: [{ ...good.users[0], hashing_algorithm: 'rabbit_password_hashing_md5' }] }],
      ['users.0.password_hash', { users: [{ ...good.users[0], password_hash: 'REDACTED' }] }],
      ['users.0.tags', { users: [{ ...good.users[0], tags: ['administrator', 'superuser'] }] }],
      ['users.0.password', { users: [{ name: user, password: 'plain-text-password' }] }],
      ['permissions.0.read', { permissions: [{ ...permission, read: '[unclosed' }] }],
      ['permissions.0.user', { permissions: [{ ...permission, user: unique('ghost') }] }],
      ['permissions.0.vhost', { permissions: [{ ...permission, vhost: unique('nowhere') }] }],
    ];
    for (const [path, change] of cases) {
      const answer = await api('POST', '/definitions', { body: { ...good, permissions: [permission], ...change } });
      expect(answer.status, path).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
      expect(answer.body.error.details.map((d: { path: unknown[] }) => d.path.join('.')), path).toEqual([path]);
    }
    expect((await api('GET', `/vhosts/${enc(vhost)}`)).status).toBe(404);
    expect((await api('GET', `/users/${enc(user)}`)).status).toBe(404);
  });

  it('records the import in the audit log with its diff, never a hash', async () => {
    const user = unique('u-audited');
    const hash = rabbitHash('audited-password');
    expect((await api('POST', '/definitions', { body: { users: [{ name: user, password_hash: hash, tags: [] }] } })).status).toBe(200);
    const events = await api('GET', `/audit?action=definitions.import&limit=50`);
    expect(events.status, events.text).toBe(200);
    const event = (events.body.events as { detail: { diff?: { added: { users: { name: string }[] } } } }[]).find((e) =>
      e.detail.diff?.added.users.some((u) => u.name === user),
    );
    expect(event).toMatchObject({ user: 'admin', action: 'definitions.import', resource: 'definitions', outcome: 'ok' });
    expect(events.text).not.toContain(hash);
  });

  it('is for administrators only: others are refused (403) both ways', async () => {
    const manager = await createUser(['management', 'monitoring', 'policymaker'], 'manager');
    for (const [method, body] of [['GET', undefined], ['POST', { queues: [] }]] as const) {
      const answer = await api(method, '/definitions', { ...as(manager), ...(body ? { body } : {}) });
      expect(answer.status, method).toBe(403);
      expect(errorCode(answer)).toBe('forbidden');
    }
  });
});
