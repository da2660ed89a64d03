import { describe, expect, it } from 'vitest';
import { brokerAbilities, EVERYTHING } from './broker-abilities';
import { hiddenQueueColumns, withAvailableSort } from './queue-columns';

const reason = 'RabbitMQ does not measure the age of the oldest ready message';
const rabbit = brokerAbilities({ name: 'prod', operations: ['listQueues'], capabilities: { oldestReadyAge: reason } });

describe('hiddenQueueColumns', () => {
  it('hides nothing on a broker that can do everything', () => {
    expect(hiddenQueueColumns(EVERYTHING)).toEqual([]);
  });

  it('hides the oldest age (and its sort) and the sparklines, each with its reason', () => {
    expect(hiddenQueueColumns(rabbit)).toEqual([
      { column: 'oldest', label: 'Oldest', reason, sort: 'oldestReadyAgeMs' },
      { column: 'lastMinute', label: 'Last minute', reason: "Switchboard does not do this on cluster 'prod' yet" },
    ]);
  });
});

describe('withAvailableSort', () => {
  it('falls back to the default sort, from the first page, when a hidden column offered the sort', () => {
    const hidden = hiddenQueueColumns(rabbit);
    expect(withAvailableSort({ search: 'a', sort: '-oldestReadyAgeMs', cursors: ['2'] }, hidden)).toEqual({ search: 'a', sort: 'name', cursors: [] });
    const kept = { search: '', sort: '-messagesReady' as const, cursors: ['2'] };
    expect(withAvailableSort(kept, hidden)).toBe(kept);
    expect(withAvailableSort({ search: '', sort: 'oldestReadyAgeMs', cursors: [] }, [])).toEqual({ search: '', sort: 'oldestReadyAgeMs', cursors: [] });
  });
});
