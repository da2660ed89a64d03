import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from './broker';
import { SqliteStore } from '../store/sqlite-store';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

/** What another process would find in the database file right now. */
function storedMessages(dbPath: string, queue: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE queue = ?').get(queue) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('durability', () => {
  it('a persistent message routed to a durable queue is in the database file when its publish is answered', async () => {
    const { broker, dbPath } = engine;
    await broker.declareQueue('durable-q');
    let seenAtAnswer = -1;
    await broker
      .publishBatch(Array.from({ length: 50 }, (_, i) => ({ exchange: '', routingKey: 'durable-q', payload: text(`m${i}`) })))
      .then(() => (seenAtAnswer = storedMessages(dbPath, 'durable-q')));
    expect(seenAtAnswer).toBe(50);
  });

  it('survives a crash: a process that never closed its broker loses no answered publish and no unacked delivery', async () => {
    const { broker, dbPath } = engine;
    await broker.declareQueue('crash-q');
    for (let i = 0; i < 10; i++) await broker.publish({ exchange: '', routingKey: 'crash-q', payload: text(`m${i}`) });
    const delivered = await broker.receive('crash-q', { max: 3 });
    await broker.ack('crash-q', [delivered[0].deliveryTag]);

    // A second process opens the file while the first is still "running" (it never flushed or closed).
    const survivor = await Broker.start({ store: SqliteStore.open(dbPath), autoTick: false });
    try {
      expect(survivor.getQueue('crash-q')).toMatchObject({ messagesReady: 9, messagesUnacked: 0 });
      const all = await survivor.receive('crash-q', { max: 20 });
      expect(all.map((d) => d.payload.toString())).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    } finally {
      await survivor.close();
    }
  });
});
