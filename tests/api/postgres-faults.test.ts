/**
 * PostgreSQL faults against a spawned Switchboard (tests/support/bare-server.ts): a database that does not exist
 * yet, one that goes away under load (a TCP proxy in front of TEST_POSTGRES_URL's server is cut, then restored),
 * and one whose schema is newer than the code. One clear line each, health degraded, writes refused rather than
 * accepted and lost, and service back by itself once the database is.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigratedTestSchema, createTestSchema, TEST_POSTGRES_URL } from '../../lib/store/postgres-test-schema';
import { PostgresTestProxy } from '../../lib/store/postgres-test-proxy';
import { parsePostgresUrl } from '../../lib/store/postgres-url';
import { killNine, roleOf, startBarePeer, type BareProcess } from '../support/bare-process';

const token = randomBytes(24).toString('base64url');
const started: BareProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const server of started) await killNine(server).catch(() => undefined);
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
});

async function start(databaseUrl: string): Promise<BareProcess> {
  const server = await startBarePeer(databaseUrl, token);
  started.push(server);
  return server;
}

async function call(server: BareProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((error: Error) => {
    throw new Error(`${method} ${path} failed (${error.message}, exit ${server.child.exitCode}); the server said:\n${server.output().slice(-4000)}`);
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).not.toBe(500);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: parsePostgresUrl(TEST_POSTGRES_URL!).connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.runIf(TEST_POSTGRES_URL)('PostgreSQL faults', () => {
  it('a database that does not exist: one line, degraded, writes refused; it serves once the database is created', { timeout: 120_000 }, async () => {
    const name = `switchboard_missing_${randomBytes(4).toString('hex')}`;
    const url = new URL(parsePostgresUrl(TEST_POSTGRES_URL!).connectionString);
    url.pathname = `/${name}`;
    cleanups.push(() => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
    const server = await start(url.toString());
    await expect.poll(async () => (await call(server, 'GET', '/health')).body.status, { timeout: 20_000 }).toBe('degraded');
    const health = await call(server, 'GET', '/health');
    expect(health.body.problems.join(' ')).toMatch(new RegExp(`database "${name}" does not exist`));
    expect((await call(server, 'GET', '/health/ready')).status).toBe(503);
    const publish = await call(server, 'POST', '/queues/q/messages', { payload: 'refused' });
    expect(publish.status).toBe(503);
    expect(publish.body.error.code).toBe('unavailable');

    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    await expect.poll(() => roleOf(server), { timeout: 30_000 }).toBe('active');
    // One line for the fault, however many times the process tried again, and one when the database answered.
    expect(server.output().match(/does not exist/g)).toHaveLength(1);
    expect(server.output().match(/the database answers again/g)).toHaveLength(1);
    expect((await call(server, 'PUT', '/queues/q', {})).status).toBe(201);
    expect((await call(server, 'POST', '/queues/q/messages', { payload: 'kept' })).status).toBe(200);
  });

  it('a database lost under load: degraded, publishes refused, and back by itself with every accepted message', { timeout: 120_000 }, async () => {
    const schema = await createTestSchema('switchboard_faults');
    cleanups.push(() => schema.drop());
    const proxy = await PostgresTestProxy.start(schema.url);
    cleanups.push(() => proxy.close());
    const server = await start(proxy.urlThrough(schema.url));
    await expect.poll(() => roleOf(server), { timeout: 20_000 }).toBe('active');
    expect((await call(server, 'PUT', '/queues/lost', {})).status).toBe(201);
    for (const id of ['a', 'b']) expect((await call(server, 'POST', '/queues/lost/messages', { payload: id, properties: { messageId: id } })).status).toBe(200);

    proxy.cut();
    const refused = await call(server, 'POST', '/queues/lost/messages', { payload: 'c', properties: { messageId: 'c' } });
    expect(refused.status).toBe(503);
    await expect.poll(async () => (await call(server, 'GET', '/health')).body.status, { timeout: 20_000 }).toBe('degraded');
    expect((await call(server, 'GET', '/health/ready')).status).toBe(503);

    proxy.restore();
    await expect.poll(async () => (await call(server, 'GET', '/health')).body.status, { timeout: 30_000 }).toBe('ok');
    // Each vhost's engine probes on its own doubling schedule too (as on SQLite): publishing resumes within it.
    await expect
      .poll(async () => (await call(server, 'POST', '/queues/lost/messages', { payload: 'd', properties: { messageId: 'd' } })).status, { timeout: 30_000 })
      .toBe(200);
    const received = await call(server, 'POST', '/queues/lost/receive', { max: 10 });
    expect(received.body.messages.map((m: { messageId: string }) => m.messageId)).toEqual(['a', 'b', 'd']);
  });

  it('a schema newer than the code: one line, and the process does not start', { timeout: 60_000 }, async () => {
    const schema = await createMigratedTestSchema('switchboard_newer');
    cleanups.push(() => schema.drop());
    await (await schema.client()).query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', 'x', now(), '29990101000000_from_the_future', 1)`,
    );
    // It may be seen standing by for a moment (it takes the lock before it migrates), or only exiting.
    const outcome = await startBarePeer(schema.url, token).then(
      async (server) => {
        started.push(server);
        return { code: await server.exited, output: server.output() };
      },
      (error: Error) => ({ code: Number(/exited \((\d+)\)/.exec(error.message)?.[1]), output: error.message }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.output.match(/newer schema than this Switchboard \(migration 29990101000000_from_the_future is unknown to it\)/g)).toHaveLength(1);
  });
});
