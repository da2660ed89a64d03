import { describe, expect, inject, it } from 'vitest';
import { as, createKey, createUser, grant, PASSWORD } from './access-fixture';
import { openEventStream } from './event-stream';
import { api, enc, errorCode, unique, url } from './http';

describe('permissions over HTTP, as RabbitMQ applies them', () => {
  it("an application user whose patterns admit '^orders\\.' touches only those", async () => {
    const app = await createUser();
    await grant(app, '/', '^orders\\.', '^orders\\.', '^orders\\.');
    const queue = `orders.${unique('q')}`;
    expect((await api('PUT', `/queues/${enc(queue)}`, { ...as(app), body: {} })).status).toBe(201);
    const refused = await api('PUT', `/queues/${enc(unique('billing'))}`, { ...as(app), body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^access to queue 'billing-.*' in vhost '\/' refused for user '.*'$/),
      details: { permission: 'configure', resource: { kind: 'queue', vhost: '/', name: expect.stringMatching(/^billing-/) } },
    });
    // Publishing through the default exchange needs write on amq.default, which '^orders\.' does not admit.
    const publish = await api('POST', `/queues/${enc(queue)}/messages`, { ...as(app), body: { payload: 'x' } });
    expect(publish.body.error.details).toEqual({ permission: 'write', resource: { kind: 'exchange', vhost: '/', name: 'amq.default' } });
    expect((await api('POST', `/queues/${enc(queue)}/receive`, { ...as(app), body: {} })).status).toBe(200);
    expect((await api('DELETE', `/queues/${enc(queue)}/contents`, as(app))).status).toBe(200);
    // Binding needs read on the source exchange too.
    const bind = await api('POST', '/bindings', { ...as(app), body: { source: 'amq.topic', destination: queue, routingKey: '#' } });
    expect(bind.body.error.details).toEqual({ permission: 'read', resource: { kind: 'exchange', vhost: '/', name: 'amq.topic' } });
  });

  it('monitoring sees every figure but no payloads without read permission', async () => {
    const watcher = await createUser(['monitoring']);
    const queue = unique('watched');
    await api('PUT', `/queues/${enc(queue)}`, { body: {} });
    expect((await api('GET', `/queues/${enc(queue)}`, as(watcher))).status).toBe(200);
    expect((await api('GET', `/queues/${enc(queue)}/metrics`, as(watcher))).status).toBe(200);
    const peek = await api('GET', `/queues/${enc(queue)}/messages`, as(watcher));
    expect(peek.status).toBe(403);
    expect(peek.body.error.details.permission).toBe('read');
    expect((await api('DELETE', `/queues/${enc(queue)}/contents`, as(watcher))).status).toBe(403);
  });

  it('a user without permissions in a vhost cannot act there, and a missing vhost is 404', async () => {
    const stranger = await createUser(['management']);
    const answer = await api('PUT', `/queues/${unique('q')}`, { ...as(stranger), body: {} });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toBe(`access to vhost '/' refused for user '${stranger}'`);
    expect((await api('GET', '/vhosts/nowhere-at-all/queues')).status).toBe(404);
  });
});

describe('vhosts', () => {
  it('isolate queues with the same name, are addressed by /vhosts/{vhost}, and go with their contents', async () => {
    const vhost = unique('dev');
    expect((await api('PUT', `/vhosts/${enc(vhost)}`, { body: { description: 'test' } })).status).toBe(201);
    // Its creator gets no permissions by itself, as in RabbitMQ.
    expect((await api('PUT', `/vhosts/${enc(vhost)}/queues/jobs`, { body: {} })).status).toBe(403);
    await grant('admin', vhost, '.*', '.*', '.*');
    expect((await api('PUT', `/vhosts/${enc(vhost)}/queues/jobs`, { body: {} })).status).toBe(201);
    expect((await api('POST', `/vhosts/${enc(vhost)}/queues/jobs/messages`, { body: { payload: 'in dev' } })).status).toBe(200);
    expect((await api('GET', `/vhosts/${enc(vhost)}/queues/jobs`)).body.messages).toBe(1);
    expect((await api('GET', '/queues/jobs')).status).toBe(404);
    expect((await api('GET', `/vhosts/${enc(vhost)}/exchanges/amq.topic`)).status).toBe(200);
    expect((await api('GET', '/vhosts/%2F/queues/jobs')).status).toBe(404);
    expect((await api('GET', '/vhosts')).body).toContainEqual({ name: vhost, description: 'test' });
    expect((await api('DELETE', `/vhosts/${enc(vhost)}`)).status).toBe(204);
    expect((await api('GET', `/vhosts/${enc(vhost)}/queues`)).status).toBe(404);
    expect(errorCode(await api('DELETE', '/vhosts/%2F'))).toBe('forbidden');
  });
});

describe('logins', () => {
  it('throttles failed passwords per user and address with 429 and Retry-After, leaving other users alone', async () => {
    const victim = await createUser();
    const bystander = await createUser();
    let last = await api('GET', '/whoami', as(victim, 'wrong password'));
    for (let i = 0; i < 10 && last.status === 401; i++) last = await api('GET', '/whoami', as(victim, 'wrong password'));
    expect(last.status).toBe(429);
    expect(errorCode(last)).toBe('too_many_requests');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await api('GET', '/whoami', as(victim))).status).toBe(429);
    expect((await api('GET', '/whoami', as(bystander))).status).toBe(200);
  });

  it('opens console sessions for management users only, and logs out everywhere', async () => {
    const manager = await createUser(['management']);
    const worker = await createUser();
    const login = (user: string) =>
      fetch(url('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password: PASSWORD }) });
    expect((await login(worker)).status).toBe(403);
    const cookies = await Promise.all([login(manager), login(manager)].map(async (r) => (await r).headers.get('set-cookie')!.split(';')[0]));
    for (const cookie of cookies) expect((await api('GET', '/whoami', { token: null, headers: { cookie } })).body.name).toBe(manager);
    const ended = await api('DELETE', '/sessions', { token: null, headers: { cookie: cookies[0], origin: inject('baseUrl'), 'content-type': 'application/json' } });
    expect(ended.body).toEqual({ ended: 2 });
    expect((await api('GET', '/whoami', { token: null, headers: { cookie: cookies[1] } })).status).toBe(401);
  });

  it("ends a user's sessions when its password changes", async () => {
    const manager = await createUser(['management']);
    const response = await fetch(url('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: manager, password: PASSWORD }) });
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    await api('PUT', `/users/${enc(manager)}`, { body: { password: `${PASSWORD} 2`, tags: ['management'] } });
    expect((await api('GET', '/whoami', { token: null, headers: { cookie } })).status).toBe(401);
  });
});

describe('revocation', () => {
  it("ends the key's event streams within a second", async () => {
    const user = await createUser(['monitoring']);
    await grant(user, '/', '.*', '.*', '.*');
    const { id, key } = await createKey(user);
    const stream = await openEventStream('/events', key);
    await stream.until((events) => events.some((e) => e.event === 'overview'));
    const revokedAt = Date.now();
    expect((await api('DELETE', `/api-keys/${id}`)).status).toBe(204);
    const events = await stream.until((all) => all.some((e) => e.event === 'end'), 1000);
    expect(events.find((e) => e.event === 'end')?.data).toEqual({ reason: 'API key revoked' });
    expect(Date.now() - revokedAt).toBeLessThan(1500);
    stream.close();
  });
});

describe('logging out everywhere', () => {
  it("ends the event streams of the user's console sessions", async () => {
    const manager = await createUser(['management']);
    await grant(manager, '/', '.*', '.*', '.*');
    const login = await fetch(url('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: manager, password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const stream = await openEventStream('/events', { cookie });
    await stream.until((events) => events.some((e) => e.event === 'overview'));
    expect((await api('DELETE', '/sessions', as(manager))).body).toEqual({ ended: 1 });
    const events = await stream.until((all) => all.some((e) => e.event === 'end'), 1000);
    expect(events.find((e) => e.event === 'end')?.data).toEqual({ reason: 'session ended' });
    stream.close();
  });
});

describe('the audit log', () => {
  it('records a purge with who, how and how many, and a refusal with its reason', async () => {
    const app = await createUser();
    await grant(app, '/', '.*', '.*', '^$');
    const queue = unique('audited');
    await api('PUT', `/queues/${enc(queue)}`, { ...as(app), body: {} });
    await api('POST', `/queues/${enc(queue)}/messages`, { ...as(app), body: { payload: 'a' } });
    expect((await api('DELETE', `/queues/${enc(queue)}/contents`, as(app))).status).toBe(403);
    expect((await api('DELETE', `/queues/${enc(queue)}/contents`)).body).toEqual({ purged: 1 });
    const log = await api('GET', `/audit?resource=${enc(queue)}`);
    expect(log.status, log.text).toBe(200);
    expect(log.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'admin', apiKey: 'SWITCHBOARD_ADMIN_TOKEN', protocol: 'http', action: 'queue.purge', outcome: 'ok', affected: 1, vhost: '/' }),
        expect.objectContaining({ user: app, action: 'queue.purge', outcome: 'denied', peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }),
        expect.objectContaining({ user: app, action: 'queue.declare', outcome: 'ok' }),
      ]),
    );
  });
});
