import { describe, expect, it } from 'vitest';
import { queueHref, queueNameFromSegment } from './queue-href';

const NAMES = ['orders:eu.1', 'celery@host.celery.pidbox', 'a b', 'x/y', 'ünï', '%41', 'a%2Fb', 'tilde~7E', '~25'];

describe('queueHref', () => {
  it('encodes the name once into one readable segment', () => {
    expect(queueHref('orders:eu.1')).toBe('/queues/orders%3Aeu.1');
    expect(queueHref('x/y')).toBe('/queues/x%2Fy');
    expect(queueHref('%41')).toBe('/queues/~2541');
  });

  it('reads the name back whether Next decoded the segment (full load) or not (client navigation)', () => {
    for (const name of NAMES) {
      const raw = queueHref(name).slice('/queues/'.length);
      expect(queueNameFromSegment(raw), `raw ${name}`).toBe(name);
      expect(queueNameFromSegment(decodeURIComponent(raw)), `decoded ${name}`).toBe(name);
    }
  });
});
