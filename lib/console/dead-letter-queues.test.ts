import { describe, expect, it } from 'vitest';
import { deadLetterQueueNames, growingDeadLetterQueues, looksLikeDeadLetterQueue } from './dead-letter-queues';

const binding = (source: string, destination: string) => ({
  id: `${source}->${destination}`,
  source,
  destination,
  destinationType: 'queue' as const,
  routingKey: '',
  arguments: {},
});

describe('deadLetterQueueNames', () => {
  it('finds the targets of a dead-letter exchange through its bindings', () => {
    const queues = [
      { name: 'work', arguments: { deadLetterExchange: 'work.dlx' } },
      { name: 'parked', arguments: {} },
      { name: 'other', arguments: {} },
    ];
    const names = deadLetterQueueNames(queues, [binding('work.dlx', 'parked'), binding('amq.direct', 'other')]);
    expect([...names]).toEqual(['parked']);
  });

  it('follows the default exchange to the queue named by the dead-letter routing key', () => {
    const queues = [{ name: 'jobs', arguments: { deadLetterExchange: '', deadLetterRoutingKey: 'jobs.failed' } }];
    expect([...deadLetterQueueNames(queues, [])]).toEqual(['jobs.failed']);
  });

  it('recognises names', () => {
    expect(['orders.dlq', 'billing-dead-letters', 'DLX-inbox', 'mail.dl'].every(looksLikeDeadLetterQueue)).toBe(true);
    expect(['orders', 'deliveries', 'handler'].some(looksLikeDeadLetterQueue)).toBe(false);
  });
});

describe('growingDeadLetterQueues', () => {
  const sample = (name: string, messagesReady: number, publish = 0) => ({ name, messagesReady, rates: { publish } });

  it('keeps dead-letter queues that grew or are receiving, biggest growth first', () => {
    const dlqs = new Set(['a.dlq', 'b.dlq', 'c.dlq', 'd.dlq']);
    const now = [sample('a.dlq', 10), sample('b.dlq', 30), sample('c.dlq', 5), sample('d.dlq', 5, 2), sample('work', 99)];
    const earlier = new Map([
      ['a.dlq', 4],
      ['b.dlq', 10],
      ['c.dlq', 9],
      ['work', 1],
    ]);
    expect(growingDeadLetterQueues(dlqs, now, earlier)).toEqual([
      { name: 'b.dlq', messagesReady: 30, growth: 20, inflowPerSec: 0 },
      { name: 'a.dlq', messagesReady: 10, growth: 6, inflowPerSec: 0 },
      { name: 'd.dlq', messagesReady: 5, growth: 0, inflowPerSec: 2 },
    ]);
  });
});
