import { afterEach, describe, expect, it } from 'vitest';
import { biggestBacklog, oldestMessages, type RankableQueue } from '@/lib/console/queue-rankings';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { send } from '../../tests/support/engine-helpers';
import { liveRankings } from './live-rankings';

let fx: EngineFixture;
afterEach(() => fx?.cleanup());

const ranked = (q: RankableQueue) => ({ name: q.name, messagesReady: q.messagesReady, oldestReadyAgeMs: q.oldestReadyAgeMs });

/** The rankings as sorting every queue's full stats gives them. */
function fromFullStats(fixture: EngineFixture) {
  const queues = fixture.broker.listQueues();
  return { biggestBacklog: biggestBacklog(queues).map(ranked), oldestMessages: oldestMessages(queues).map(ranked) };
}

describe('liveRankings', () => {
  it('ranks as sorting every queue does: ties by name, empty and fully leased queues left out', async () => {
    fx = await startEngine();
    // Ready counts with ties, first messages published in rounds (equal ages within a round).
    const counts: Record<string, number> = { a: 3, b: 7, c: 0, d: 7, e: 1, f: 2, g: 3, h: 6, i: 2, j: 0, k: 5, l: 3, leased: 4 };
    for (const name of Object.keys(counts)) await fx.broker.declareQueue(name);
    const rounds = [['l', 'g'], ['a', 'b', 'leased'], ['k', 'e'], ['d', 'h', 'f', 'i']];
    for (const round of rounds) {
      for (const name of round) for (let i = 0; i < counts[name]!; i++) await send(fx.broker, name, `${name}${i}`);
      await fx.advance(250);
    }
    await fx.broker.receive('leased', { max: 10, visibilityTimeoutMs: 60_000 });

    const rankings = liveRankings(fx.broker.queueReads);
    expect(rankings).toEqual(fromFullStats(fx));
    expect(rankings.biggestBacklog.map((q) => q.name)).toEqual(['b', 'd', 'h', 'k', 'a']);
    expect(rankings.oldestMessages.map((q) => q.name)).toEqual(['g', 'l', 'a', 'b', 'e']);
    expect(rankings.oldestMessages[0]).toEqual({ name: 'g', messagesReady: 3, oldestReadyAgeMs: 1000 });
  });

  it('lists fewer than five when fewer queues have ready messages', async () => {
    fx = await startEngine();
    for (const name of ['empty', 'one', 'two']) await fx.broker.declareQueue(name);
    await send(fx.broker, 'one', 'x');
    await fx.advance(100);
    await send(fx.broker, 'two', 'y');
    await send(fx.broker, 'two', 'z');
    const rankings = liveRankings(fx.broker.queueReads);
    expect(rankings).toEqual({
      biggestBacklog: [
        { name: 'two', messagesReady: 2, oldestReadyAgeMs: 0 },
        { name: 'one', messagesReady: 1, oldestReadyAgeMs: 100 },
      ],
      oldestMessages: [
        { name: 'one', messagesReady: 1, oldestReadyAgeMs: 100 },
        { name: 'two', messagesReady: 2, oldestReadyAgeMs: 0 },
      ],
    });
    expect(rankings).toEqual(fromFullStats(fx));
  });
});
