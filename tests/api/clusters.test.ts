/**
 * Attaching RabbitMQ clusters over the real server: bad input refused with the field at fault and nothing saved,
 * administrators only, credentials never answered nor audited; with TEST_RABBITMQ_CLUSTER (npm test starts a
 * three-node cluster when RABBITMQ_CLUSTER_TESTS=1) the real cluster is attached, read, changed and detached.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, errorCode, unique } from './http';
import { as, createUser } from './access-fixture';

const cluster = process.env.TEST_RABBITMQ_CLUSTER
  ? (JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) as { managementUrls: string[]; amqpUrls: string[]; username: string; password: string })
  : undefined;

/** Stand-ins for what a wrong management URL may be: a web page, and a proxy that refuses the credentials. */
let htmlServer: Server;
let refusingServer: Server;
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  htmlServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>'));
  refusingServer = createServer((_, res) =>
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_authorised', reason: 'Login failed' })),
  );
  await Promise.all([htmlServer, refusingServer].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
});

afterAll(async () => {
  await Promise.all([htmlServer, refusingServer].map((server) => new Promise((resolve) => server.close(resolve))));
});

const input = (overrides: Record<string, unknown> = {}) => ({
  name: unique('cluster'),
  managementUrls: cluster?.managementUrls ?? ['http://127.0.0.1:1'],
  amqpUrls: cluster?.amqpUrls ?? ['amqp://127.0.0.1:1'],
  username: cluster?.username ?? 'someone',
  password: cluster?.password ?? 'something',
  ...overrides,
});

async function names(): Promise<string[]> {
  const answer = await api('GET', '/clusters');
  expect(answer.status).toBe(200);
  return answer.body.map((entry: { name: string }) => entry.name);
}

describe('attaching a cluster: bad input', () => {
  it.each([
    [{ managementUrls: ['ftp://rabbit:15672'] }, 'managementUrls', 'invalid_url'],
    [{ managementUrls: ['http://user:secret@rabbit:15672'] }, 'managementUrls', 'invalid_url'],
    [{ amqpUrls: ['http://rabbit:15672'] }, 'amqpUrls', 'invalid_url'],
    [{ amqpUrls: ['amqp://guest:guest@rabbit:5672'] }, 'amqpUrls', 'credentials_in_url'],
    [{ amqpUrls: ['amqp://rabbit:5672/orders'] }, 'amqpUrls', 'invalid_url'],
    [{ amqpUrls: ['amqp://rabbit:5672', 'amqp://rabbit:5672/'] }, 'amqpUrls', 'duplicate'],
    [{ username: 'a:b' }, 'username', 'colon'],
    [{ ca: 'not a certificate' }, 'ca', 'not_pem'],
    [{ name: ' \u0007 ' }, 'name', 'control_character'],
  ])('%j is refused with the field at fault, before the cluster is asked', async (overrides, field, problem) => {
    const body = input(overrides);
    const answer = await api('POST', '/clusters', { body });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toMatchObject({ field, problem });
    expect(answer.text).not.toContain('secret');
    expect(await names()).not.toContain(body.name);
  });

  it('refuses a management URL nobody answers at, saving nothing', async () => {
    const body = input({ managementUrls: ['http://127.0.0.1:1'] });
    const answer = await api('POST', '/clusters', { body });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toMatchObject({ field: 'managementUrls', problem: 'unreachable', index: 0 });
    expect(answer.body.error.message).toContain('127.0.0.1:1');
    expect(await names()).not.toContain(body.name);
  });

  it('refuses a web page that is not the management API, and a 401, naming them', async () => {
    const html = await api('POST', '/clusters', { body: input({ managementUrls: [urlOf(htmlServer)] }) });
    expect(html.status, html.text).toBe(400);
    expect(html.body.error.details).toMatchObject({ field: 'managementUrls', problem: 'not_management_api' });
    const refused = await api('POST', '/clusters', { body: input({ managementUrls: [urlOf(refusingServer)] }) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details).toMatchObject({ field: 'password', problem: 'unauthorized' });
    expect(refused.body.error.message).toContain('Login failed');
  });

  it('answers 404 for a cluster that is not attached', async () => {
    expect(errorCode(await api('GET', '/clusters/c000000000000'))).toBe('not_found');
    expect(errorCode(await api('PATCH', '/clusters/c000000000000', { body: { name: 'x' } }))).toBe('not_found');
    expect(errorCode(await api('DELETE', '/clusters/c000000000000'))).toBe('not_found');
    expect(errorCode(await api('GET', '/clusters/c000000000000/nodes'))).toBe('not_found');
  });

  it('lets only administrators attach, and only monitoring users read nodes', async () => {
    const user = await createUser(['management']);
    const answer = await api('POST', '/clusters', { body: input(), ...as(user) });
    expect(answer.status).toBe(403);
    expect((await api('GET', '/clusters', as(user))).status).toBe(200);
    expect((await api('GET', '/clusters/c000000000000/nodes', as(user))).status).toBe(403);
  });

  it('refuses unknown fields and a PATCH body of the wrong shape', async () => {
    expect((await api('POST', '/clusters', { body: { ...input(), vhost: '/' } })).status).toBe(400);
    expect((await api('PATCH', '/clusters/c000000000000', { body: { managementUrls: 'http://x' } })).status).toBe(400);
  });
});

describe.runIf(cluster)('a cluster that stops answering', () => {
  it('is shown unreachable with its last figures and their age, and its pages answer at once instead of waiting', async () => {
    // Its management API stands in for a whole cluster going away (its AMQP URLs are the real cluster's, for the check).
    const nodes = [{ name: 'rabbit@gone', running: true, mem_alarm: false, disk_free_alarm: false, partitions: [], uptime: 1000, applications: [{ name: 'rabbit', version: '3.10.8' }] }];
    const answers: Record<string, unknown> = {
      '/api/overview': { rabbitmq_version: '3.10.8', cluster_name: 'going-away' },
      '/api/whoami': { name: 'switchboard', tags: ['administrator'] },
      '/api/nodes': nodes,
    };
    const going = createServer((req, res) => {
      const body = answers[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not_found' }));
    });
    await new Promise<void>((resolve) => going.listen(0, '127.0.0.1', resolve));
    const attached = await api('POST', '/clusters', { body: input({ name: unique('going'), managementUrls: [urlOf(going)] }) });
    expect(attached.status, attached.text).toBe(201);
    const id = attached.body.id;
    try {
      const before = await api('GET', `/clusters/${id}/nodes`);
      expect(before.body).toMatchObject([{ name: 'rabbit@gone', running: true, version: '3.10.8' }]);
      going.closeAllConnections();
      await new Promise((resolve) => going.close(resolve));
      await expect
        .poll(async () => (await api('GET', `/clusters/${id}`)).body.status.state, { timeout: 15_000, interval: 250 })
        .toBe('unreachable');
      const status = (await api('GET', `/clusters/${id}`)).body.status;
      expect(status.lastReachableAt).toBeLessThan(status.checkedAt);
      const after = await api('GET', `/clusters/${id}/nodes`);
      expect(after.status).toBe(200);
      expect(after.body[0].observedAt).toBe(before.body[0].observedAt);
      const queues = await api('GET', `/clusters/${id}/vhosts/%2F/queues`);
      expect(queues.status, queues.text).toBe(503);
      // Answered from the last sample (which alone knows when it last answered), not by trying the URL again.
      expect(queues.body.error.details).toMatchObject({ reason: 'unreachable', lastReachableAt: status.lastReachableAt, checkedAt: expect.any(Number) });
    } finally {
      await api('DELETE', `/clusters/${id}`);
    }
  });
});

describe.runIf(cluster)('a real three-node RabbitMQ cluster', () => {
  let id: string;
  const name = unique('real');

  it('is attached after the check, without its credentials in the answer', async () => {
    const answer = await api('POST', '/clusters', { body: input({ name }) });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({ name, managementUrls: cluster!.managementUrls, amqpUrls: cluster!.amqpUrls, hasCa: false, warnings: [] });
    expect(answer.body.rabbitmqVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(answer.text).not.toContain(cluster!.password);
    expect(answer.body).not.toHaveProperty('username');
    id = answer.body.id;
  });

  it('shows its three nodes running, with their version and uptime', async () => {
    const answer = await api('GET', `/clusters/${id}/nodes`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toHaveLength(3);
    for (const node of answer.body) {
      expect(node).toMatchObject({ running: true, memoryAlarm: false, diskAlarm: false, partitions: [] });
      expect(node.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(node.uptimeMs).toBeGreaterThan(0);
    }
    const listed = await api('GET', `/clusters/${id}`);
    expect(listed.body.status).toMatchObject({ state: 'reachable', message: null });
    const history = await api('GET', `/clusters/${id}/nodes/history?minutes=5`);
    expect(history.body.intervalMs).toBe(5000);
    expect(history.body.samples.at(-1).nodes).toHaveLength(3);
  });

  it('refuses a wrong password on change and keeps the working one', async () => {
    const wrong = await api('PATCH', `/clusters/${id}`, { body: { password: 'not-the-password' } });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.body.error.details).toMatchObject({ field: 'password', problem: 'unauthorized' });
    const renamed = await api('PATCH', `/clusters/${id}`, { body: { name: `${name}-renamed` } });
    expect(renamed.status, renamed.text).toBe(200);
    const again = await api('PATCH', `/clusters/${id}`, { body: { managementUrls: cluster!.managementUrls.slice().reverse() } });
    expect(again.status, again.text).toBe(200);
    expect(again.body.name).toBe(`${name}-renamed`);
  });

  it('attaches with a node that does not answer, saying which', async () => {
    const answer = await api('POST', '/clusters', {
      body: input({ name: `${name}-partial`, managementUrls: [...cluster!.managementUrls, 'http://127.0.0.1:1'], amqpUrls: [...cluster!.amqpUrls, 'amqp://127.0.0.1:1'] }),
    });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.warnings).toEqual([expect.stringContaining('http://127.0.0.1:1'), expect.stringContaining('amqp://127.0.0.1:1')]);
    expect((await api('DELETE', `/clusters/${answer.body.id}`)).status).toBe(204);
  });

  it('refuses a wrong password at attach, naming the field', async () => {
    const answer = await api('POST', '/clusters', { body: input({ name: `${name}-wrong`, password: 'not-the-password' }) });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toMatchObject({ field: 'password', problem: 'unauthorized' });
    expect(await names()).not.toContain(`${name}-wrong`);
  });

  it('refuses a second cluster of the same name', async () => {
    const answer = await api('POST', '/clusters', { body: input({ name: `${name}-renamed` }) });
    expect(answer.status).toBe(409);
    expect(answer.body.error.details).toMatchObject({ field: 'name', problem: 'taken' });
  });

  it('writes attach, change and detach to the audit log without credentials', async () => {
    expect((await api('DELETE', `/clusters/${id}`)).status).toBe(204);
    expect(await names()).not.toContain(`${name}-renamed`);
    const audit = await api('GET', '/audit?action=cluster.attach&limit=50');
    expect(audit.status, audit.text).toBe(200);
    const text = JSON.stringify(audit.body);
    expect(text, text).toContain(name);
    expect(text).not.toContain(cluster!.password);
    const detach = await api('GET', '/audit?action=cluster.detach&limit=50');
    expect(JSON.stringify(detach.body)).toContain(`${name}-renamed`);
  });
});
