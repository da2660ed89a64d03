import { describe, expect, it } from 'vitest';
import { overviewHistoryPoints, overviewPoint } from './overview-point';

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

describe('overviewHistoryPoints', () => {
  it('turns the parallel arrays of GET /overview/metrics into chart points', () => {
    expect(overviewHistoryPoints({ stepMs: 1000, t: [1000, 2000], publish: [1, 2], deliver: [3, 4], ack: [5, 6], depth: [7, 8] })).toEqual([
      { t: 1000, publish: 1, deliver: 3, ack: 5, depth: 7 },
      { t: 2000, publish: 2, deliver: 4, ack: 6, depth: 8 },
    ]);
  });
});
