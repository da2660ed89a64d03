/**
 * @module An in-process node for the listener's tests: real SQLite file in a temp dir, one broker per vhost, the
 * access layer on the same database (admin's API key is TEST_TOKEN), and the AMQP listener on a free loopback port,
 * wired as the server wires it; amqplib connects to `url`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll } from 'vitest';
import { startAccess, type Access, type AccessOptions } from '../../access/access-services';
import type { AuditEntry } from '../../access/audit';
import type { PermissionRecord } from '../../access/types';
import type { Broker, BrokerOptions, SharedStore } from '../../engine';
import { VhostBrokers } from '../../engine/vhost-brokers';
import { createPrisma } from '../../store/prisma';
import { SqliteStore } from '../../store/sqlite-store';
import { AmqpListener, type AmqpListenerOptions } from '../listener';

export const TEST_TOKEN = 'test-token-amqp';

export interface AmqpFixture {
  /** The broker of vhost `/`. */
  broker: Broker;
  brokers: VhostBrokers;
  access: Access;
  /** Every audit entry recorded so far, oldest first. */
  audit: AuditEntry[];
  listener: AmqpListener;
  port: number;
  /** amqp://admin:<token>@127.0.0.1:<port> */
  url: string;
  dbPath: string;
  /** amqp://user:password@127.0.0.1:<port>/<vhost> */
  urlFor(user: string, password: string, vhost?: string): string;
  /** A vhost in the directory with its broker running. */
  addVhost(name: string): Promise<Broker>;
  /** A user with a password and, per vhost, its configure/write/read patterns. */
  addUser(name: string, password: string, permissions?: Omit<PermissionRecord, 'user'>[], tags?: string[]): Promise<void>;
  /** Stops the listener and the brokers; the database stays until cleanup. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface AmqpFixtureOptions {
  broker?: Omit<BrokerOptions, 'store' | 'seqs' | 'metricsHistory'>;
  listener?: Partial<AmqpListenerOptions>;
  access?: AccessOptions;
  /** Wraps the database the brokers write to (a test that makes its commits fail). */
  store?: (store: SqliteStore) => SharedStore;
}

export async function startAmqp(options: AmqpFixtureOptions = {}): Promise<AmqpFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-amqp-'));
  const dbPath = join(dir, 'amqp.db');
  const sqlite = SqliteStore.open(dbPath);
  const prisma = createPrisma(`file:${dbPath}`);
  const { access } = await startAccess(prisma, { envToken: TEST_TOKEN, ...options.access });
  const brokers = await VhostBrokers.start({
    store: options.store ? options.store(sqlite) : sqlite,
    vhosts: access.directory.listVhosts().map((vhost) => vhost.name),
    brokerOptions: { tickIntervalMs: 10, ...options.broker },
  });
  const audit: AuditEntry[] = [];
  const listener = await AmqpListener.start({
    host: '127.0.0.1',
    port: 0,
    authenticate: (user, password, peer) => access.authenticator.login({ user, password, peer }),
    openVhost: (principal, vhost) => {
      access.policy.checkVhost(principal, vhost);
      return brokers.get(vhost);
    },
    policy: access.policy,
    audit: { record: (entry) => audit.push(entry) },
    maxMessageBytes: 1024 * 1024,
    log: () => undefined,
    ...options.listener,
  });
  const stopRevocations = access.directory.onRevoked((revocation) => listener.closeConnectionsOf(revocation, revocation.reason));
  const port = listener.port!;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopRevocations();
    await listener.close();
    await brokers.close();
    await prisma.$disconnect();
  };
  return {
    broker: brokers.get('/'),
    brokers,
    access,
    audit,
    listener,
    port,
    url: `amqp://admin:${TEST_TOKEN}@127.0.0.1:${port}`,
    dbPath,
    urlFor: (user, password, vhost = '/') =>
      `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(vhost)}`,
    async addVhost(name) {
      await access.directory.putVhost(name);
      return brokers.add(name);
    },
    async addUser(name, password, permissions = [], tags = []) {
      await access.directory.putUser(name, { password, tags });
      for (const permission of permissions) await access.directory.setPermission({ user: name, ...permission });
    },
    stop,
    async cleanup() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it holds (or throws after `timeoutMs`): tests wait for a condition rather than sleep. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One listener and one amqplib connection for a whole test file, opened before its tests and closed after them. */
export function useAmqpConnection(): { readonly fixture: AmqpFixture; readonly connection: ChannelModel } {
  const shared = {} as { fixture: AmqpFixture; connection: ChannelModel };
  beforeAll(async () => {
    shared.fixture = await startAmqp();
    shared.connection = await amqp.connect(shared.fixture.url);
  });
  afterAll(async () => {
    await shared.connection?.close().catch(() => undefined);
    await shared.fixture?.cleanup();
  });
  return shared;
}

/** A name no other test uses. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID()}`;
