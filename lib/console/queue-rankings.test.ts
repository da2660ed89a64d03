import { describe, expect, it } from 'vitest';
import { biggestBacklog, oldestMessages } from './queue-rankings';

const q = (name: string, messagesReady: number, oldestReadyAgeMs: number | null) => ({ name, messagesReady, oldestReadyAgeMs });

describe('rankings', () => {
  const queues = [q('a', 5, 100), q('b', 50, 10), q('c', 0, null), q('d', 50, 5000), q('e', 1, 90_000)];

  it('ranks the biggest backlog, skipping empty queues, ties by name', () => {
    expect(biggestBacklog(queues, 3).map((x) => x.name)).toEqual(['b', 'd', 'a']);
  });

  it('ranks the oldest ready message', () => {
    expect(oldestMessages(queues).map((x) => x.name)).toEqual(['e', 'd', 'a', 'b']);
  });

  it('does not reorder its input', () => {
    oldestMessages(queues);
    expect(queues.map((x) => x.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
