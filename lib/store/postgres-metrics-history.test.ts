/**
 * The MetricsHistory contract on the PostgreSQL at TEST_POSTGRES_URL (runs only when it is set), each case in a
 * schema of its own, dropped after; on a single connection and on a pool. Then what only PostgreSQL has to show:
 * the statements of a write, and writers on separate connections (separate processes) taking turns.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMetricsHistoryContract, rollup } from './metrics-history-contract';
import { PostgresMetricsHistory } from './postgres-metrics-history';
import { createMigratedTestSchema, TEST_POSTGRES_URL, type MigratedTestSchema } from './postgres-test-schema';

const T0 = 1_800_000_000_000;

describe.runIf(TEST_POSTGRES_URL)('PostgresMetricsHistory (TEST_POSTGRES_URL)', () => {
  runMetricsHistoryContract('PostgresMetricsHistory on one connection', async () => {
    const schema = await createMigratedTestSchema('switchboard_history');
    return { history: new PostgresMetricsHistory(await schema.client()), close: () => schema.drop() };
  });
  runMetricsHistoryContract('PostgresMetricsHistory on a pool', async () => {
    const schema = await createMigratedTestSchema('switchboard_history');
    return { history: new PostgresMetricsHistory(schema.pool()), close: () => schema.drop() };
  });

  describe('on PostgreSQL', () => {
    let schema: MigratedTestSchema;
    beforeEach(async () => {
      schema = await createMigratedTestSchema('switchboard_history');
    });
    afterEach(async () => {
      await schema.drop();
    });

    it('writes a batch of any size in one transaction of five statements', async () => {
      const client = await schema.client();
      const statements: string[] = [];
      // The real connection, its statements noted on their way.
      const noting = new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return (text: string, values?: unknown[]) => {
            statements.push(text.trim().split(/\s+/)[0]!);
            return target.query(text, values);
          };
        },
      });
      const history = new PostgresMetricsHistory(noting);
      const rows = (publish: number) => Array.from({ length: 10_000 }, (_, i) => rollup(`queue:q${i % 500}`, 10_000, T0 + Math.floor(i / 500) * 10_000, { publish }));
      await history.write(rows(1));
      await history.write(rows(2));
      expect(statements).toEqual(['BEGIN', 'LOCK', 'SELECT', 'INSERT', 'COMMIT', 'BEGIN', 'LOCK', 'SELECT', 'INSERT', 'COMMIT']);
      const { rows: sums } = await client.query('SELECT count(*)::int AS buckets, sum(publish)::int AS published FROM metric_rollups');
      expect(sums).toEqual([{ buckets: 10_000, published: 30_000 }]);
    });

    it('merges writes of one bucket from separate connections made at once', async () => {
      // As two Switchboard processes on one database would: each its own history, no turn-taking in JS between them.
      const histories = await Promise.all(Array.from({ length: 6 }, async () => new PostgresMetricsHistory(await schema.client())));
      await Promise.all(
        histories.flatMap((history, h) =>
          Array.from({ length: 3 }, (_, i) => history.write([rollup('queue:shared', 10_000, T0, { publish: 1 }), rollup(`queue:p${h}-${i}`, 10_000, T0)])),
        ),
      );
      const [row] = await histories[0]!.read('queue:shared', 10_000, T0, T0 + 1);
      expect(row?.publish).toBe(18);
    });

    it('stores an entity holding U+0000 under a mark, and every other entity as it is', async () => {
      const client = await schema.client();
      const history = new PostgresMetricsHistory(client);
      await history.write([rollup('queue:a\u0000b', 10_000, T0), rollup('queue:plain', 10_000, T0), rollup('\u0001x', 10_000, T0)]);
      const { rows } = await client.query<{ entity: string }>('SELECT entity FROM metric_rollups ORDER BY entity');
      expect(rows.map((r) => r.entity)).toEqual(['\u0001"\\u0001x"', '\u0001"queue:a\\u0000b"', 'queue:plain']);
    });
  });
});
