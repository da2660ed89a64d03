import { describe, expect, it } from 'vitest';
import { queueHref, queueNameFromSegment } from './queue-href';

describe('queueHref', () => {
  it('encodes the name once, and takes the segment Next decoded as the name (never decoding twice)', () => {
    expect(queueHref('orders:eu.1')).toBe('/queues/orders%3Aeu.1');
    expect(queueHref('x/y')).toBe('/queues/x%2Fy');
    expect(queueHref('%41')).toBe('/queues/%2541');
    expect(queueNameFromSegment('%41')).toBe('%41');
    expect(queueNameFromSegment('a%2Fb')).toBe('a%2Fb');
  });
});
