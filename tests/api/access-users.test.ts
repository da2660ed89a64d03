import { describe, expect, it } from 'vitest';
import { as, createKey, createUser, grant, PASSWORD } from './access-fixture';
import { api, enc, errorCode, unique } from './http';

describe('who am I', () => {
  it('names the admin behind SWITCHBOARD_ADMIN_TOKEN, with its tags, key, permissions and vhosts', async () => {
    const answer = await api('GET', '/whoami');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: 'admin',
      tags: ['administrator'],
      apiKey: { name: 'SWITCHBOARD_ADMIN_TOKEN', readOnly: false },
      permissions: expect.arrayContaining([{ vhost: '/', configure: '.*', write: '.*', read: '.*' }]),
    });
    expect(answer.body.vhosts).toContain('/');
  });
});

describe('users', () => {
  it('creates, changes and deletes a user; its password is never returned', async () => {
    const name = unique('ann');
    const created = await api('PUT', `/users/${enc(name)}`, { body: { password: PASSWORD, tags: ['management'] } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ name, tags: ['management'], hasPassword: true });
    const changed = await api('PUT', `/users/${enc(name)}`, { body: { tags: ['monitoring'] } });
    expect(changed.status).toBe(200);
    expect(changed.body.tags).toEqual(['monitoring']);
    const listed = await api('GET', '/users');
    expect(listed.body).toContainEqual({ name, tags: ['monitoring'], hasPassword: true });
    for (const user of listed.body) expect(Object.keys(user).sort()).toEqual(['hasPassword', 'name', 'tags']);
    expect((await api('DELETE', `/users/${enc(name)}`)).status).toBe(204);
    expect(errorCode(await api('GET', `/users/${enc(name)}`))).toBe('not_found');
  });

  it('refuses weak or missing passwords, unknown tags and bad names, and stores nothing', async () => {
    const name = unique('bob');
    for (const body of [{ tags: [] }, { password: '', tags: [] }, { password: 'short', tags: [] }, { password: name, tags: [] }, { password: PASSWORD, tags: ['root'] }]) {
      const answer = await api('PUT', `/users/${enc(name)}`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
    }
    expect((await api('GET', `/users/${enc(name)}`)).status).toBe(404);
    expect((await api('PUT', `/users/${enc('bad\u0001name')}`, { body: { password: PASSWORD } })).status).toBe(400);
  });

  it('refuses user management to anyone but administrators, naming the tag', async () => {
    const user = await createUser(['monitoring']);
    const answer = await api('GET', '/users', as(user));
    expect(answer.status).toBe(403);
    expect(answer.body.error.details).toEqual({ permission: 'administrator', resource: { kind: 'tag', name: 'administrator' } });
    expect((await api('PUT', `/users/${enc(user)}`, { ...as(user), body: { tags: ['administrator'] } })).status).toBe(403);
  });
});

describe('permissions', () => {
  it('sets, lists and removes them; invalid patterns and unknown users or vhosts are 4xx and change nothing', async () => {
    const user = await createUser();
    const bad = await api('PUT', `/permissions/%2F/${enc(user)}`, { body: { configure: '(', write: '', read: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'configure' });
    expect((await api('PUT', `/permissions/%2F/${enc(unique('ghost'))}`, { body: { configure: '', write: '', read: '' } })).status).toBe(404);
    expect((await api('PUT', `/permissions/${enc(unique('nowhere'))}/${enc(user)}`, { body: { configure: '', write: '', read: '' } })).status).toBe(404);
    expect((await api('GET', `/permissions?user=${enc(user)}`)).body).toEqual([]);
    await grant(user, '/', '^orders\\.', '^orders\\.', '^orders\\.');
    expect((await api('GET', `/permissions?user=${enc(user)}`)).body).toEqual([{ user, vhost: '/', configure: '^orders\\.', write: '^orders\\.', read: '^orders\\.' }]);
    expect((await api('DELETE', `/permissions/%2F/${enc(user)}`)).status).toBe(204);
    expect((await api('GET', `/permissions/%2F/${enc(user)}`)).status).toBe(404);
  });
});

describe('API keys', () => {
  it('are made by their user, shown once, listed without secrets, and revoked', async () => {
    const user = await createUser();
    await grant(user, '/', '.*', '.*', '.*');
    const { id, key } = await createKey(user);
    expect(key).toMatch(/^sb_/);
    const listed = await api('GET', '/api-keys', as(user));
    expect(listed.body).toEqual([expect.objectContaining({ id, user, readOnly: false })]);
    expect(listed.text).not.toContain(key);
    expect((await api('GET', '/whoami', { token: key })).body.name).toBe(user);
    expect((await api('DELETE', `/api-keys/${id}`, as(user))).status).toBe(204);
    expect((await api('GET', '/whoami', { token: key })).status).toBe(401);
  });

  it('a duplicate name is a 409; an expiry in the past a 400', async () => {
    const user = await createUser();
    const first = await api('POST', '/api-keys', { ...as(user), body: { name: 'ci' } });
    expect(first.status).toBe(201);
    expect(errorCode(await api('POST', '/api-keys', { ...as(user), body: { name: 'ci' } }))).toBe('precondition_failed');
    expect((await api('POST', '/api-keys', { ...as(user), body: { name: 'old', expiresAt: 1000 } })).status).toBe(400);
  });

  it('a read-only key may look but not change anything', async () => {
    const user = await createUser();
    await grant(user, '/', '.*', '.*', '.*');
    const { key } = await createKey(user, { readOnly: true });
    expect((await api('GET', '/queues', { token: key })).status).toBe(200);
    const refused = await api('PUT', `/queues/${unique('ro')}`, { token: key, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/read-only/);
  });

  it("another user's key is not found for a non-administrator, and cannot be used as someone else's password", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { id, key } = await createKey(owner);
    expect((await api('DELETE', `/api-keys/${id}`, as(other))).status).toBe(404);
    expect((await api('GET', '/whoami', as(other, key))).status).toBe(401);
    expect((await api('GET', '/whoami', as(owner, key))).body.name).toBe(owner);
  });
});
