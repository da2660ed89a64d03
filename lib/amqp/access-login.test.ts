/** Logging in over AMQP (passwords, API keys, throttling), choosing a vhost, and revocations closing connections. */
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startAmqp, uniqueName, type AmqpFixture } from './test-support/amqp-fixture';
import { RawClient } from './test-support/raw-client';

const PASSWORD = 'correct-horse-9';
const LOGIN_REFUSED = 'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.';
const ALL = { configure: '.*', write: '.*', read: '.*' };

let fixture: AmqpFixture;

beforeAll(async () => {
  // Two free failures per user and address, then a minute's wait: enough to see the throttle without waiting for it.
  fixture = await startAmqp({ access: { throttle: { freeFailuresPerUser: 2, freeFailuresPerAddress: 100, baseDelayMs: 60_000 } } });
});

afterAll(async () => {
  await fixture?.cleanup();
});

/** A fresh user with every permission on `/` (and on `vhosts`). */
async function user(vhosts: string[] = ['/']): Promise<string> {
  const name = uniqueName('user');
  await fixture.addUser(
    name,
    PASSWORD,
    vhosts.map((vhost) => ({ vhost, ...ALL })),
  );
  return name;
}

async function refusal(connecting: Promise<unknown>): Promise<string> {
  try {
    await connecting;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the login succeeded');
}

/** The connection.close a forced close sends, as amqplib reports it on 'close', and how long it took from `since`. */
function forcedClose(model: ChannelModel, since: () => number): Promise<{ code: number; message: string; afterMs: number }> {
  return new Promise((resolve) => model.once('close', (error: { code: number; message: string }) => resolve({ code: error.code, message: error.message, afterMs: Date.now() - since() })));
}

describe('login', () => {
  it('takes a password and names the user on the connection, auditing the login with the peer', async () => {
    const name = await user();
    const model = await amqp.connect(fixture.urlFor(name, PASSWORD));
    const info = fixture.listener.listConnections().find((c) => c.user === name);
    expect(info).toMatchObject({ user: name, vhost: '/' });
    const login = fixture.audit.find((entry) => entry.action === 'login' && entry.user === name);
    expect(login).toMatchObject({ protocol: 'amqp', outcome: 'ok', peer: info!.peer });
    expect(login!.apiKey).toBeUndefined();
    await model.close();
  });

  it('takes one of the user’s API keys in the password’s place, and no other user’s', async () => {
    const name = await user();
    const { secret } = await fixture.access.directory.createApiKey(name, { name: 'app' }, Date.now());
    const model = await amqp.connect(fixture.urlFor(name, secret));
    expect(fixture.audit.find((entry) => entry.action === 'login' && entry.user === name)).toMatchObject({ apiKey: 'app', outcome: 'ok' });
    await model.close();
    const other = await user();
    expect(await refusal(amqp.connect(fixture.urlFor(other, secret)))).toContain(LOGIN_REFUSED);
  });

  it('refuses a wrong password or an unknown user with RabbitMQ’s 403, and audits the failure with the peer', async () => {
    const name = await user();
    expect(await refusal(amqp.connect(fixture.urlFor(name, 'wrong-password')))).toContain(LOGIN_REFUSED);
    expect(await refusal(amqp.connect(fixture.urlFor(uniqueName('nobody'), PASSWORD)))).toContain(LOGIN_REFUSED);
    const failed = fixture.audit.find((entry) => entry.action === 'login' && entry.user === name);
    expect(failed).toMatchObject({ outcome: 'denied', protocol: 'amqp', detail: { reason: 'the user name or password is not valid' } });
    expect(failed!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('refuses a throttled login the same way, even with the right password', async () => {
    const name = await user();
    for (let i = 0; i < 3; i++) await refusal(amqp.connect(fixture.urlFor(name, 'wrong-password')));
    expect(await refusal(amqp.connect(fixture.urlFor(name, PASSWORD)))).toContain(LOGIN_REFUSED);
    const throttled = fixture.audit.filter((entry) => entry.action === 'login' && entry.user === name).at(-1);
    expect(throttled).toMatchObject({ outcome: 'denied' });
    expect(String(throttled!.detail!.reason)).toMatch(/^too many failed logins/);
  });
});

describe('connection.open', () => {
  it('refuses a vhost that does not exist with 530, as RabbitMQ words it', async () => {
    const name = await user();
    const { client, reply } = await RawClient.open(fixture.port, { user: name, password: PASSWORD, vhost: 'nowhere' });
    expect(reply).toMatchObject({ name: 'connection.close', args: { replyCode: 530, replyText: 'NOT_ALLOWED - vhost nowhere not found', classId: 10, methodId: 40 } });
    client.destroy();
  });

  it('refuses a vhost the user has no permissions in with 530, and audits it', async () => {
    const vhost = uniqueName('team');
    await fixture.addVhost(vhost);
    const name = await user();
    const { client, reply } = await RawClient.open(fixture.port, { user: name, password: PASSWORD, vhost });
    expect(reply.args).toEqual({ replyCode: 530, replyText: `NOT_ALLOWED - access to vhost '${vhost}' refused for user '${name}'`, classId: 10, methodId: 40 });
    client.destroy();
    expect(fixture.audit.find((entry) => entry.action === 'connection.open' && entry.user === name)).toMatchObject({ vhost, outcome: 'denied' });
  });

  it('works in a permitted vhost: its own broker, its own names in replies, its own exclusive consumers', async () => {
    const vhost = uniqueName('team');
    const teamBroker = await fixture.addVhost(vhost);
    const name = await user(['/', vhost]);
    const inTeam = await amqp.connect(fixture.urlFor(name, PASSWORD, vhost));
    const inRoot = await amqp.connect(fixture.urlFor(name, PASSWORD, '/'));
    const queue = uniqueName('jobs');
    const team = await inTeam.createChannel();
    await team.assertQueue(queue);
    expect(teamBroker.findQueueInfo(queue)).toBeDefined();
    expect(fixture.broker.findQueueInfo(queue)).toBeUndefined();
    expect(fixture.listener.listConnections().filter((c) => c.user === name).map((c) => c.vhost).sort()).toEqual(['/', vhost].sort());

    // The same queue name in '/' is another queue, with an exclusive consumer of its own.
    const root = await inRoot.createChannel();
    await root.assertQueue(queue);
    await team.consume(queue, () => undefined, { exclusive: true });
    await root.consume(queue, () => undefined, { exclusive: true });

    const missing = uniqueName('missing');
    const probe = await inTeam.createChannel();
    probe.on('error', () => undefined);
    await expect(probe.checkQueue(missing)).rejects.toThrow(`NOT_FOUND - no queue '${missing}' in vhost '${vhost}'`);
    await inTeam.close();
    await inRoot.close();
  });
});

describe('revocation', () => {
  it('revoking an API key closes its connections with 320 within a second; the user’s others stay', async () => {
    const name = await user();
    const { key, secret } = await fixture.access.directory.createApiKey(name, { name: 'ci' }, Date.now());
    const withKey = await amqp.connect(fixture.urlFor(name, secret));
    const withPassword = await amqp.connect(fixture.urlFor(name, PASSWORD));
    let revokedAt = 0;
    const closed = forcedClose(withKey, () => revokedAt);
    revokedAt = Date.now();
    await fixture.access.directory.revokeApiKey(key.id);
    const close = await closed;
    expect(close.code).toBe(320);
    expect(close.message).toContain('CONNECTION_FORCED - API key revoked');
    expect(close.afterMs).toBeLessThan(1000);
    await (await withPassword.createChannel()).checkExchange('amq.direct');
    expect(fixture.audit.find((entry) => entry.action === 'connection.closed-by-server' && entry.apiKey === 'ci' && entry.user === name)).toMatchObject({
      outcome: 'ok',
      resource: expect.stringMatching(new RegExp(`^connection 127\\.0\\.0\\.1:\\d+ of user '${name}'$`)),
      detail: { reason: 'API key revoked' },
    });
    await withPassword.close();
  });

  it('a changed password or a deleted user closes every connection of the user with 320', async () => {
    const name = await user();
    const first = await amqp.connect(fixture.urlFor(name, PASSWORD));
    const changed = forcedClose(first, () => 0);
    await fixture.access.directory.putUser(name, { password: 'another-secret-7', tags: [] });
    expect(await changed).toMatchObject({ code: 320, message: expect.stringContaining('CONNECTION_FORCED - password changed') });

    const second = await amqp.connect(fixture.urlFor(name, 'another-secret-7'));
    let deletedAt = 0;
    const deleted = forcedClose(second, () => deletedAt);
    deletedAt = Date.now();
    await fixture.access.directory.deleteUser(name);
    const close = await deleted;
    expect(close).toMatchObject({ code: 320, message: expect.stringContaining(`CONNECTION_FORCED - user '${name}' is deleted`) });
    expect(close.afterMs).toBeLessThan(1000);
    await eventually(() => !fixture.listener.listConnections().some((c) => c.user === name));
  });

  it('refuses a second connection.open: a connection cannot change vhost under its channels', async () => {
    const other = uniqueName('other');
    await fixture.addVhost(other);
    const name = await user(['/', other]);
    const { client, reply } = await RawClient.open(fixture.port, { user: name, password: PASSWORD, vhost: '/' });
    expect(reply.name).toBe('connection.open-ok');
    client.method(0, 'connection.open', { virtualHost: other });
    expect(await client.connectionClose()).toMatchObject({ replyCode: 503, replyText: expect.stringContaining('connection.open after the handshake') });
  });

  it('closes the connections of a vhost that is deleted, as RabbitMQ words it', async () => {
    const vhost = uniqueName('doomed');
    await fixture.addVhost(vhost);
    const name = await user([vhost]);
    const model = await amqp.connect(fixture.urlFor(name, PASSWORD, vhost));
    const closed = forcedClose(model, () => 0);
    expect(fixture.listener.closeVhostConnections(vhost)).toBe(1);
    expect(await closed).toMatchObject({ code: 320, message: expect.stringContaining(`CONNECTION_FORCED - vhost '${vhost}' is deleted`) });
  });
});
