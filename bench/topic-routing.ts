/**
 * @module Topic routing throughput in-process on one topic exchange with 10 and with 100,000 bindings, two ways:
 * `route` is the walk alone (Topology.route, what every publish does to find its queues); `publish` is the broker's
 * whole synchronous publish (routing plus enqueueing a 100-byte transient message into each matched queue; the
 * same ten queues, keeping at most 100 messages each, in both cases). Every routing key matches the same five bindings whatever the count (one of each
 * shape below), so the ratio shows what the bindings that do not match cost: with a trie, only the cache misses of a
 * bigger structure. Keys cycle over 1,024 distinct ids (one routing key per id), so the 100,000-binding case does not
 * run from a hot cache; runs alternate between the two sizes so drift on a shared machine hits both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '../lib/engine/broker';
import { Topology } from '../lib/engine/routing/topology';
import { SqliteStore } from '../lib/store/sqlite-store';
import { median } from './stats';

const SHAPES = ['orders.ID.created', 'orders.ID.*', 'orders.ID.#', '*.ID.created', '#.ID.created'];
const QUEUES = 10;
const KEYS = 1024;

interface Fixture {
  bindings: number;
  keys: string[];
  route: (key: string) => number;
  publish: (key: string) => number;
  close: () => Promise<void>;
}

function bindingKeys(bindings: number): { keys: string[]; routingKeys: string[] } {
  const ids = Math.max(1, Math.floor(bindings / SHAPES.length));
  const keys = Array.from({ length: bindings }, (_, i) => SHAPES[i % SHAPES.length].replace('ID', `id${Math.floor(i / SHAPES.length) % ids}`));
  const routingKeys = Array.from({ length: KEYS }, (_, i) => `orders.id${(i * 7919) % ids}.created`);
  return { keys, routingKeys };
}

async function fixture(bindings: number): Promise<Fixture & { bindMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-topic-'));
  const broker = await Broker.start({ store: SqliteStore.open(join(dir, 'bench.db')), metrics: false });
  await broker.declareExchange('events', { type: 'topic' });
  for (let q = 0; q < QUEUES; q++) await broker.declareQueue(`q${q}`, { arguments: { maxLength: 100, overflow: 'drop-head' } });
  const { keys, routingKeys } = bindingKeys(bindings);
  const started = performance.now();
  // Not awaited one by one: each await would wait for the store's next commit, which transient bindings do not need.
  await Promise.all(keys.map((routingKey, i) => broker.bind({ source: 'events', destination: `q${i % QUEUES}`, routingKey })));
  const bindMs = performance.now() - started;
  // The walk alone, on a topology of the same shape (the broker's own is not exported).
  const topology = new Topology(() => true);
  topology.putExchange({ name: 'events', type: 'topic', durable: false, autoDelete: false, internal: false, arguments: {} });
  keys.forEach((routingKey, i) => topology.addBinding({ id: `b${i}`, source: 'events', destination: `q${i % QUEUES}`, destinationType: 'queue', routingKey, arguments: {} }));
  const payload = Buffer.alloc(100, 'x');
  return {
    bindings,
    bindMs,
    keys: routingKeys,
    route: (key) => topology.route('events', [key], undefined).path.length,
    publish: (key) => broker.publishNow({ exchange: 'events', routingKey: key, payload, properties: {} }).queues,
    close: async () => {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function perSecond(count: number, run: (i: number) => number): number {
  let matched = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) matched += run(i);
  if (matched === 0) throw new Error('topic routing bench matched nothing');
  return count / ((performance.now() - started) / 1000);
}

export async function topicRouting(routes = 200_000, publishes = 50_000, runs = 5) {
  const few = await fixture(10);
  const many = await fixture(100_000);
  try {
    const results = new Map<Fixture, { route: number[]; publish: number[] }>([
      [few, { route: [], publish: [] }],
      [many, { route: [], publish: [] }],
    ]);
    for (const f of [few, many]) perSecond(routes / 4, (i) => f.route(f.keys[i % KEYS]) + f.publish(f.keys[i % KEYS])); // warm-up
    for (let run = 0; run < runs; run++) {
      for (const f of [few, many]) {
        results.get(f)!.route.push(perSecond(routes, (i) => f.route(f.keys[i % KEYS])));
        results.get(f)!.publish.push(perSecond(publishes, (i) => f.publish(f.keys[i % KEYS])));
      }
    }
    const summary = (f: Fixture & { bindMs: number }) => {
      const r = results.get(f)!;
      return {
        matchedPerRoute: f.route(f.keys[0]),
        bindMs: Math.round(f.bindMs),
        routesPerSec: { median: Math.round(median(r.route)), runs: r.route.map(Math.round) },
        publishesPerSec: { median: Math.round(median(r.publish)), runs: r.publish.map(Math.round) },
      };
    };
    const a = summary(few);
    const b = summary(many);
    return {
      unit: 'per second, in-process',
      routes,
      publishes,
      bindings10: a,
      bindings100k: b,
      routeRatio100kTo10: Number((b.routesPerSec.median / a.routesPerSec.median).toFixed(3)),
      publishRatio100kTo10: Number((b.publishesPerSec.median / a.publishesPerSec.median).toFixed(3)),
    };
  } finally {
    await few.close();
    await many.close();
  }
}
