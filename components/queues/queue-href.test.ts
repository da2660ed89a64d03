import { describe, expect, it } from 'vitest';
import { queueHref, queueNameFromSegment } from './queue-href';

describe('queueHref', () => {
  it('encodes the name and decodes it back', () => {
    expect(queueHref('orders:eu.1')).toBe('/queues/orders%3Aeu.1');
    expect(queueNameFromSegment('orders%3Aeu.1')).toBe('orders:eu.1');
    expect(queueNameFromSegment('orders:eu.1')).toBe('orders:eu.1');
  });
});
