import { describe, expect, it } from 'vitest';
import { queueFeatures } from './queue-features';

describe('queueFeatures', () => {
  it('names the settings an operator cares about', () => {
    expect(queueFeatures({ durable: true, autoDelete: false, arguments: {} })).toEqual(['classic queue', 'durable']);
    expect(queueFeatures({ type: 'quorum', durable: true, autoDelete: false, arguments: {} })).toEqual(['quorum queue', 'durable']);
    expect(
      queueFeatures({
        durable: false,
        autoDelete: true,
        arguments: { messageTtlMs: 30_000, maxLength: 1500, overflow: 'reject-publish', deadLetterExchange: '' },
      }),
    ).toEqual(['classic queue', 'transient', 'auto-delete', 'TTL 30 s', 'max 1,500', 'reject-publish', 'DLX amq.default']);
  });
});
