/**
 * @module What every MetricsHistory must do, as a vitest suite each implementation runs against itself
 * (`runMetricsHistoryContract`), so that rollups read back alike from SQLite, PostgreSQL and memory: the interface's
 * promises (bounds, order, merging a bucket written twice, latestBefore, prune) and what its callers rely on
 * (a batch of every queue's rows, concurrent writers, any queue name, a failed write retried whole).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addEncoded, encodeHistogram, newHistogram } from '../engine/metrics/latency';
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';

/** An implementation, opened empty for one test. */
export interface MetricsHistoryFixture {
  history: MetricsHistory;
  /** Closes it and removes its data. */
  close(): Promise<void>;
}

const T0 = 1_800_000_000_000;
const TEN_S = 10_000;
const MINUTE = 60_000;
/** 40 days of ms: beyond a 32-bit integer, as an old queue's oldest ready age may be. */
const LONG_AGE_MS = 40 * 24 * 60 * MINUTE;

/** A bucket of `entity` with every count and gauge given a distinct value unless set. */
export function rollup(entity: string, resolutionMs: number, t: number, fields: Partial<RollupRow> = {}): RollupRow {
  return {
    entity,
    resolutionMs,
    t,
    publish: 5,
    deliver: 4,
    ack: 3,
    redeliver: 2,
    deadLetter: 1,
    ready: 7,
    unacked: 6,
    oldestReadyAgeMs: 1_500,
    deliverLatency: '',
    ackLatency: '',
    ...fields,
  };
}

/** An encoded histogram of these latencies (ms). */
function latencies(...values: number[]): string {
  const histogram = newHistogram();
  for (const value of values) histogram.recordValue(value);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}

/** How many latencies an encoded histogram holds, and its largest (to 1%). */
function decoded(encoded: string): { count: number; max: number } {
  const histogram = newHistogram();
  addEncoded(histogram, encoded);
  const figures = { count: histogram.totalCount, max: histogram.maxValue };
  histogram.destroy();
  return figures;
}

export function runMetricsHistoryContract(name: string, open: () => Promise<MetricsHistoryFixture>): void {
  describe(`MetricsHistory contract: ${name}`, () => {
    let fixture: MetricsHistoryFixture;
    let history: MetricsHistory;
    beforeEach(async () => {
      fixture = await open();
      history = fixture.history;
    });
    afterEach(async () => {
      await fixture?.close();
    });

    const readAll = (entity: string, resolutionMs = TEN_S) => history.read(entity, resolutionMs, 0, Number.MAX_SAFE_INTEGER);

    it('reads one entity and resolution with fromMs <= t < toMs, by t, every field as written', async () => {
      const rows = [30, 0, 20, 10].map((s) =>
        rollup('queue:a', TEN_S, T0 + s * 1000, { publish: s, oldestReadyAgeMs: LONG_AGE_MS + s, deliverLatency: latencies(s + 1), ackLatency: latencies(s + 2, 900) }),
      );
      await history.write([...rows, rollup('queue:a', MINUTE, T0), rollup('queue:b', TEN_S, T0 + TEN_S)]);
      const byT = [...rows].sort((a, b) => a.t - b.t);
      expect(await history.read('queue:a', TEN_S, T0, T0 + 40_000)).toEqual(byT);
      expect(await history.read('queue:a', TEN_S, T0 + TEN_S, T0 + 30_000)).toEqual(byT.slice(1, 3));
      expect(await history.read('queue:a', TEN_S, T0 + 30_000, T0 + 30_000)).toEqual([]);
      // A bound need not be a whole number of ms, nor finite.
      expect((await history.read('queue:a', TEN_S, T0 + 0.5, T0 + 20_000.5)).map((r) => r.t)).toEqual([T0 + TEN_S, T0 + 20_000]);
      expect(await history.read('queue:a', TEN_S, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual(byT);
      expect(await history.read('queue:a', MINUTE, T0, T0 + MINUTE)).toEqual([rollup('queue:a', MINUTE, T0)]);
    });

    it('answers nothing where nothing was written, and an empty write changes nothing', async () => {
      await history.write([]);
      expect(await readAll('queue:none')).toEqual([]);
      expect(await history.latestBefore('queue:none', TEN_S, T0)).toBeUndefined();
      await history.prune(TEN_S, T0);
    });

    it('merges a row into its stored bucket: counts add, gauges take the newer, histograms merge', async () => {
      await history.write([rollup('queue:a', TEN_S, T0, { deliverLatency: latencies(10, 20), ackLatency: '', ready: 9, unacked: 8, oldestReadyAgeMs: 900 })]);
      const later = rollup('queue:a', TEN_S, T0, {
        publish: 50,
        deliver: 40,
        ack: 30,
        redeliver: 20,
        deadLetter: 10,
        ready: 0,
        unacked: 1,
        oldestReadyAgeMs: LONG_AGE_MS,
        deliverLatency: latencies(3_000),
        ackLatency: latencies(40),
      });
      await history.write([later]);
      const [merged, ...others] = await readAll('queue:a');
      expect(others).toEqual([]);
      expect(merged).toEqual({ ...later, publish: 55, deliver: 44, ack: 33, redeliver: 22, deadLetter: 11, deliverLatency: expect.any(String) });
      expect(decoded(merged!.deliverLatency).count).toBe(3);
      expect(decoded(merged!.deliverLatency).max / 3_000).toBeCloseTo(1, 1);
      // An empty histogram merged with one is that one.
      expect(merged!.ackLatency).toBe(later.ackLatency);
    });

    it('merges a bucket named more than once in a batch as writing the rows one by one would', async () => {
      const stored = rollup('queue:a', TEN_S, T0, { deliverLatency: latencies(5) });
      const batch = [
        rollup('queue:a', TEN_S, T0, { publish: 1, ready: 11, deliverLatency: latencies(50, 60) }),
        rollup('queue:b', TEN_S, T0, { publish: 100 }),
        rollup('queue:a', TEN_S, T0, { publish: 2, ready: 12, oldestReadyAgeMs: 77, ackLatency: latencies(70) }),
        rollup('queue:a', TEN_S, T0 + TEN_S, { publish: 3 }),
        rollup('queue:a', TEN_S, T0, { publish: 4, ready: 13, unacked: 0, deliverLatency: '' }),
        rollup('queue:a', TEN_S, T0 + TEN_S, { publish: 30, ready: 8 }),
      ];
      await history.write([stored]);
      await history.write(batch);
      // The same rows under other names, one write each.
      const other = (row: RollupRow) => ({ ...row, entity: `one-by-one:${row.entity}` });
      await history.write([other(stored)]);
      for (const row of batch) await history.write([other(row)]);

      const rows = await readAll('queue:a');
      expect(rows.map((r) => [r.t - T0, r.publish, r.ready, r.unacked, r.oldestReadyAgeMs])).toEqual([
        [0, 12, 13, 0, 1_500],
        [TEN_S, 33, 8, 6, 1_500],
      ]);
      expect(decoded(rows[0]!.deliverLatency).count).toBe(3);
      expect(decoded(rows[0]!.ackLatency).count).toBe(1);
      expect(rows).toEqual((await readAll('one-by-one:queue:a')).map((r) => ({ ...r, entity: 'queue:a' })));
      expect(await readAll('queue:b')).toEqual([batch[1]]);
    });

    it('keeps apart buckets that differ in entity, resolution or start', async () => {
      const entities = ['queue:a', 'queue:ab', 'queue:A', 'vhost:prod:queue:a'];
      const rows = entities.flatMap((entity, e) => [
        rollup(entity, TEN_S, T0, { publish: 10 * e + 1 }),
        rollup(entity, TEN_S, T0 + TEN_S, { publish: 10 * e + 2 }),
        rollup(entity, MINUTE, T0, { publish: 10 * e + 3 }),
      ]);
      // Twice, so each bucket merges with itself only.
      await history.write(rows);
      await history.write(rows);
      for (const [e, entity] of entities.entries()) {
        expect((await readAll(entity)).map((r) => r.publish)).toEqual([2 * (10 * e + 1), 2 * (10 * e + 2)]);
        expect((await readAll(entity, MINUTE)).map((r) => r.publish)).toEqual([2 * (10 * e + 3)]);
      }
    });

    it('keeps an entity whatever its characters', async () => {
      // A queue's name is any UTF-8 of up to 255 bytes: U+0000 included, which PostgreSQL's text cannot hold.
      const entities = [
        `queue:it's "quoted" \\ 100%_sure`,
        'queue:naïve-队列-🚀',
        'queue:with\u0000nul',
        'queue:with',
        '\u0001queue:marked',
        'vhost:p%2Fq:queue:x',
        `queue:${'x'.repeat(255)}`,
      ];
      await history.write(entities.map((entity, i) => rollup(entity, TEN_S, T0, { publish: i + 1 })));
      await history.write(entities.map((entity, i) => rollup(entity, TEN_S, T0, { publish: i + 1 })));
      for (const [i, entity] of entities.entries()) {
        // Written twice, so merged with itself only: every count doubled.
        const merged = rollup(entity, TEN_S, T0, { publish: 2 * (i + 1), deliver: 8, ack: 6, redeliver: 4, deadLetter: 2 });
        expect(await readAll(entity)).toEqual([merged]);
        expect(await history.latestBefore(entity, TEN_S, T0 + 1)).toEqual(merged);
      }
    });

    it('answers the newest row before a time, of that entity and resolution only', async () => {
      await history.write([
        rollup('queue:a', TEN_S, T0, { ready: 1 }),
        rollup('queue:a', TEN_S, T0 + 20_000, { ready: 3 }),
        rollup('queue:a', TEN_S, T0 + TEN_S, { ready: 2 }),
        rollup('queue:a', MINUTE, T0 + MINUTE, { ready: 60 }),
        rollup('queue:b', TEN_S, T0 + 15_000, { ready: 99 }),
      ]);
      const readyBefore = async (beforeMs: number, resolutionMs = TEN_S) => (await history.latestBefore('queue:a', resolutionMs, beforeMs))?.ready;
      expect(await readyBefore(T0 + 20_000)).toBe(2);
      expect(await readyBefore(T0 + 20_001)).toBe(3);
      expect(await readyBefore(T0 + 10 * MINUTE)).toBe(3);
      expect(await readyBefore(T0)).toBeUndefined();
      expect(await readyBefore(T0 + 0.5)).toBe(1);
      expect(await readyBefore(T0 + 2 * MINUTE, MINUTE)).toBe(60);
      expect(await readyBefore(T0 + MINUTE, MINUTE)).toBeUndefined();
      expect(await history.latestBefore('queue:a', TEN_S, T0 + TEN_S)).toEqual(rollup('queue:a', TEN_S, T0, { ready: 1 }));
      // A merged bucket answers merged.
      await history.write([rollup('queue:a', TEN_S, T0 + 20_000, { ready: 4 })]);
      expect(await history.latestBefore('queue:a', TEN_S, T0 + MINUTE)).toMatchObject({ t: T0 + 20_000, ready: 4, publish: 10 });
    });

    it('prunes the rows of one resolution older than a time, of every entity', async () => {
      const starts = [0, 1, 2, 3, 4, 5].map((i) => T0 + i * TEN_S);
      await history.write([
        ...['queue:a', 'queue:b'].flatMap((entity) => starts.map((t) => rollup(entity, TEN_S, t))),
        rollup('queue:a', MINUTE, T0),
        rollup('queue:a', MINUTE, T0 + MINUTE),
      ]);
      await history.prune(TEN_S, T0 + 30_000);
      for (const entity of ['queue:a', 'queue:b']) expect((await readAll(entity)).map((r) => r.t - T0)).toEqual([30_000, 40_000, 50_000]);
      expect((await readAll('queue:a', MINUTE)).map((r) => r.t - T0)).toEqual([0, MINUTE]);
      await history.prune(MINUTE, T0 + MINUTE);
      expect((await readAll('queue:a', MINUTE)).map((r) => r.t - T0)).toEqual([MINUTE]);
      expect(await history.latestBefore('queue:b', TEN_S, T0 + 30_000)).toBeUndefined();
      await history.prune(TEN_S, Number.POSITIVE_INFINITY);
      expect(await readAll('queue:a')).toEqual([]);
      expect(await readAll('queue:a', MINUTE)).toHaveLength(1);
    });

    it('takes a large batch in one write, merging the buckets it shares with stored rows', async () => {
      // Every queue's rows at once: 6,000 rows of 13 columns is more than a statement's 65,535 parameters.
      const queues = Array.from({ length: 200 }, (_, q) => `queue:q${q}`);
      const batch = (buckets: number[], publish: (q: number, b: number) => number) =>
        queues.flatMap((entity, q) => buckets.map((b) => rollup(entity, TEN_S, T0 + b * TEN_S, { publish: publish(q, b), ready: b })));
      const buckets = Array.from({ length: 30 }, (_, b) => b);
      await history.write(batch(buckets.slice(0, 15), () => 1_000));
      await history.write(batch(buckets, (q, b) => q * 100 + b));
      for (const [q, entity] of queues.entries()) {
        const rows = await readAll(entity);
        expect(rows.map((r) => r.publish)).toEqual(buckets.map((b) => q * 100 + b + (b < 15 ? 1_000 : 0)));
        expect(rows.map((r) => r.ready)).toEqual(buckets);
      }
    });

    it('merges writes of one bucket made at once', async () => {
      // Every vhost's registry writes to the one history of its database, without waiting for the others.
      const writes = Array.from({ length: 12 }, (_, i) =>
        history.write([rollup('queue:shared', TEN_S, T0, { publish: 1, deliverLatency: latencies(i + 1) }), rollup(`queue:own${i}`, TEN_S, T0)]),
      );
      await Promise.all(writes);
      const [row] = await readAll('queue:shared');
      expect(row?.publish).toBe(12);
      expect(decoded(row!.deliverLatency).count).toBe(12);
      for (let i = 0; i < 12; i++) expect(await readAll(`queue:own${i}`)).toHaveLength(1);
    });

    it('stores nothing of a write that fails', async () => {
      // The registry writes a failed batch again whole: a write that stored part of it would count that part twice.
      await history.write([rollup('queue:a', TEN_S, T0, { deliverLatency: latencies(5) })]);
      const broken = [rollup('queue:b', TEN_S, T0), rollup('queue:a', TEN_S, T0, { deliverLatency: 'not a histogram' }), rollup('queue:c', TEN_S, T0)];
      await expect(history.write(broken)).rejects.toThrow();
      expect(await readAll('queue:b')).toEqual([]);
      expect(await readAll('queue:c')).toEqual([]);
      expect(await readAll('queue:a')).toEqual([rollup('queue:a', TEN_S, T0, { deliverLatency: latencies(5) })]);
    });
  });
}
