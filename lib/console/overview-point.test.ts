import { describe, expect, it } from 'vitest';
import { overviewPoint } from './overview-point';

describe('overviewPoint', () => {
  it('takes the rates and adds ready and unacked into the depth', () => {
    const overview = {
      queues: 2,
      exchanges: 5,
      bindings: 2,
      consumers: 1,
      messagesReady: 40,
      messagesUnacked: 2,
      rates: { publish: 10, deliver: 8, ack: 7, redeliver: 0, deadLetter: 1 },
      exchangeTotals: { published: 1, routed: 1, unroutable: 0 },
    };
    expect(overviewPoint(overview, 123)).toEqual({ t: 123, publish: 10, deliver: 8, ack: 7, depth: 42 });
  });
});
