import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteWorkerStore } from '../store/sqlite-worker-store';
import type { Broker } from './broker';
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';
import { FakeClock } from './clock';
import { EngineError } from './errors';
import { VhostBrokers } from './vhost-brokers';

const TENANT = 'tenant/1';

let dir: string;
let dbPath: string;
let clock: FakeClock;
let brokers: VhostBrokers | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-vhosts-'));
  dbPath = join(dir, 'vhosts.db');
  clock = new FakeClock();
});
afterEach(async () => {
  await brokers?.close().catch(() => undefined);
  brokers = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the vhosts on the database file, as the server does: one worker store, rollups per vhost. */
async function start(vhosts: string[]): Promise<VhostBrokers> {
  const store = await SqliteWorkerStore.open(dbPath);
  brokers = await VhostBrokers.start({
    store,
    vhosts,
    brokerOptions: { clock, autoTick: false },
    metricsHistoryFor: (vhost) => store.metricsHistory(vhost),
  });
  return brokers;
}

async function restart(vhosts: string[]): Promise<VhostBrokers> {
  await brokers!.close();
  return start(vhosts);
}

const send = (broker: Broker, exchange: string, routingKey: string, body: string) =>
  broker.publish({ exchange, routingKey, payload: Buffer.from(body) });

const bodiesOf = async (broker: Broker, queue: string) =>
  (await broker.receive(queue, { max: 100 })).map((d) => d.payload.toString());

/** What is on disk now, read by another connection. */
function query<T>(sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('VhostBrokers', () => {
  it('keeps vhosts apart: the same names, each its own built-in exchanges, no routing across', async () => {
    const vhosts = await start(['/', TENANT]);
    const [root, tenant] = [vhosts.get('/'), vhosts.get(TENANT)];
    expect(vhosts.names()).toEqual(['/', TENANT]);
    for (const broker of [root, tenant]) {
      expect(broker.listExchanges().map((x) => x.name)).toEqual(expect.arrayContaining(BUILT_IN_EXCHANGES.map((x) => x.name)));
    }

    await root.declareQueue('orders', { arguments: { maxLength: 10 } });
    await tenant.declareQueue('orders', { arguments: { maxLength: 20 } });
    await root.declareExchange('events', { type: 'fanout' });
    await tenant.declareExchange('events', { type: 'topic' });
    await root.bind({ source: 'events', destination: 'orders' });
    await tenant.bind({ source: 'amq.topic', destination: 'orders', routingKey: 'orders.#' });

    await send(root, '', 'orders', 'root by default exchange');
    await send(root, 'events', 'anything', 'root by fanout');
    await send(tenant, 'amq.topic', 'orders.created', 'tenant by amq.topic');
    // The tenant's events exchange has no bindings: nothing reaches the root's queue of the same name.
    await send(tenant, 'events', 'orders.created', 'routed nowhere');

    expect(root.getQueue('orders').arguments).toEqual({ maxLength: 10 });
    expect(tenant.getQueue('orders').arguments).toEqual({ maxLength: 20 });
    expect(await bodiesOf(root, 'orders')).toEqual(['root by default exchange', 'root by fanout']);
    expect(await bodiesOf(tenant, 'orders')).toEqual(['tenant by amq.topic']);
    expect(root.findExchange('events')?.type).toBe('fanout');
    expect(tenant.listBindings({ source: 'events' })).toEqual([]);
  });

  it('answers an unknown vhost with not_found', async () => {
    const vhosts = await start(['/']);
    expect(vhosts.find('nope')).toBeUndefined();
    let thrown: unknown;
    try {
      vhosts.get('nope');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect(thrown).toMatchObject({ code: 'not_found', message: "vhost 'nope' does not exist", details: { kind: 'vhost', name: 'nope' } });
    await expect(vhosts.remove('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(vhosts.writable).toBe(true);
  });

  it('recovers each vhost after a restart', async () => {
    let vhosts = await start(['/', TENANT]);
    for (const [vhost, broker] of vhosts.all()) {
      await broker.declareQueue('orders');
      await broker.declareExchange('events', { type: vhost === '/' ? 'direct' : 'fanout' });
      await broker.bind({ source: 'events', destination: 'orders', routingKey: 'k' });
      await send(broker, '', 'orders', `kept in ${vhost}`);
    }

    vhosts = await restart(['/', TENANT]);
    for (const [vhost, broker] of vhosts.all()) {
      expect(broker.findExchange('events')?.type).toBe(vhost === '/' ? 'direct' : 'fanout');
      expect(broker.listBindings({ source: 'events' })).toHaveLength(1);
      expect(await bodiesOf(broker, 'orders')).toEqual([`kept in ${vhost}`]);
    }
  });

  it('hands out seqs from one sequence shared by every vhost, across restarts', async () => {
    let vhosts = await start(['/', TENANT]);
    const [root, tenant] = [vhosts.get('/'), vhosts.get(TENANT)];
    await root.declareQueue('q');
    await tenant.declareQueue('q');
    await send(root, '', 'q', 'r1');
    await send(tenant, '', 'q', 't1');
    await send(root, '', 'q', 'r2');
    // A vhost started later still continues the one sequence.
    const late = await vhosts.add('late');
    await late.declareQueue('q');
    await send(late, '', 'q', 'l1');

    vhosts = await restart(['/', TENANT, 'late']);
    await send(vhosts.get(TENANT), '', 'q', 't2');
    const rows = query<{ vhost: string; seq: number }>('SELECT vhost, seq FROM messages ORDER BY seq');
    expect(rows.map((row) => row.vhost)).toEqual(['/', TENANT, '/', 'late', TENANT]);
    expect(new Set(rows.map((row) => row.seq)).size).toBe(5);
  });

  it('add() starts an empty vhost with its built-in exchanges stored, and answers a running one as it is', async () => {
    const vhosts = await start(['/']);
    const added = await vhosts.add(TENANT);
    expect(await vhosts.add(TENANT)).toBe(added);
    expect(added.listQueues()).toEqual([]);
    const stored = query<{ name: string }>(`SELECT name FROM exchanges WHERE vhost = '${TENANT}' ORDER BY name`).map((row) => row.name);
    expect(stored).toEqual(BUILT_IN_EXCHANGES.map((x) => x.name).sort());
  });

  it('remove() drops one vhost with every row it stored, and a vhost added again starts empty', async () => {
    let vhosts = await start(['/', TENANT]);
    for (const [, broker] of vhosts.all()) {
      await broker.declareQueue('orders');
      await broker.bind({ source: 'amq.direct', destination: 'orders', routingKey: 'orders' });
      await send(broker, '', 'orders', 'm');
      await broker.startReplay('orders', { to: { queue: 'orders' } });
    }
    clock.advance(15_000);
    for (const [, broker] of vhosts.all()) {
      broker.tick();
      await broker.metrics!.flush(clock.now());
    }
    expect(query(`SELECT vhost FROM jobs ORDER BY vhost`)).toEqual([{ vhost: '/' }, { vhost: TENANT }]);
    expect(query('SELECT DISTINCT entity FROM metric_rollups ORDER BY entity')).toEqual([
      { entity: 'queue:orders' },
      { entity: 'vhost:tenant%2F1:queue:orders' },
    ]);

    await vhosts.remove(TENANT);
    expect(vhosts.names()).toEqual(['/']);
    expect(() => vhosts.get(TENANT)).toThrow(EngineError);
    for (const table of ['exchanges', 'queues', 'bindings', 'messages', 'jobs']) {
      expect(query(`SELECT 1 FROM ${table} WHERE vhost = '${TENANT}'`), table).toEqual([]);
    }
    expect(query(`SELECT 1 FROM metric_rollups WHERE entity LIKE 'vhost:%'`)).toEqual([]);

    vhosts = await restart(['/', TENANT]);
    expect(vhosts.get(TENANT).listQueues()).toEqual([]);
    expect(vhosts.get(TENANT).listExchanges().map((x) => x.name).sort()).toEqual(BUILT_IN_EXCHANGES.map((x) => x.name).sort());
    expect(await bodiesOf(vhosts.get('/'), 'orders')).toEqual(['m']);
    await vhosts.close();
    expect(query('SELECT DISTINCT entity FROM metric_rollups')).toEqual([{ entity: 'queue:orders' }]);
  });

  it('runs a remove and an add of the same vhost one after the other', async () => {
    const vhosts = await start(['/', TENANT]);
    await vhosts.get(TENANT).declareQueue('old');
    const [, again] = await Promise.all([vhosts.remove(TENANT), vhosts.add(TENANT)]);
    expect(vhosts.get(TENANT)).toBe(again);
    expect(again.listQueues()).toEqual([]);
    expect(query(`SELECT name FROM queues WHERE vhost = '${TENANT}'`)).toEqual([]);
  });

  it('close() closes every broker and then the shared store, once', async () => {
    const store = await SqliteWorkerStore.open(dbPath);
    const vhosts = await VhostBrokers.start({ store, vhosts: ['/', TENANT], brokerOptions: { clock, autoTick: false } });
    await vhosts.get(TENANT).declareQueue('q');
    await Promise.all([vhosts.close(), vhosts.close()]);
    await expect(store.recover()).rejects.toThrow(/closed/);
    await expect(vhosts.add('more')).rejects.toMatchObject({ code: 'unavailable' });
    expect(query(`SELECT name FROM queues WHERE vhost = '${TENANT}'`)).toEqual([{ name: 'q' }]);
  });
});
