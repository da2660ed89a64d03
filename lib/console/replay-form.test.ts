import { describe, expect, it } from 'vitest';
import { buildReplayBody, describeDestination, initialReplayForm, parseHeaderLines, previewText } from './replay-form';

describe('buildReplayBody', () => {
  it('replays everything to the source by default', () => {
    expect(buildReplayBody(initialReplayForm)).toEqual({ ok: true, body: { to: 'source', maxRedrives: 5 } });
    expect(buildReplayBody(initialReplayForm, { dryRun: true })).toEqual({ ok: true, body: { to: 'source', maxRedrives: 5, dryRun: true } });
  });

  it('builds a filter from the filter fields, seconds to milliseconds', () => {
    const result = buildReplayBody({
      ...initialReplayForm,
      scope: 'filtered',
      reason: 'expired',
      sourceQueue: ' orders ',
      headers: 'tenant=eu\n\nattempt=3\nvip=true',
      olderThanSec: '60',
      newerThanSec: '3600',
    });
    expect(result).toEqual({
      ok: true,
      body: {
        to: 'source',
        maxRedrives: 5,
        filter: { reason: 'expired', sourceQueue: 'orders', headers: { tenant: 'eu', attempt: 3, vip: true }, olderThanMs: 60_000, newerThanMs: 3_600_000 },
      },
    });
  });

  it('ignores the filter fields when replaying all', () => {
    const result = buildReplayBody({ ...initialReplayForm, reason: 'expired', sourceQueue: 'x' });
    expect(result.ok && result.body.filter).toBeUndefined();
  });

  it('sends to a chosen queue or exchange with rate and max redrives', () => {
    expect(buildReplayBody({ ...initialReplayForm, destination: 'queue', queue: 'retry', ratePerSec: '2.5', maxRedrives: '0' })).toEqual({
      ok: true,
      body: { to: { queue: 'retry' }, ratePerSec: 2.5, maxRedrives: 0 },
    });
    expect(buildReplayBody({ ...initialReplayForm, destination: 'exchange', exchange: 'orders', routingKey: 'order.created', maxRedrives: '' })).toEqual({
      ok: true,
      body: { to: { exchange: 'orders', routingKey: 'order.created' } },
    });
  });

  it('explains what is wrong', () => {
    const result = buildReplayBody({
      ...initialReplayForm,
      scope: 'filtered',
      headers: 'novalue',
      olderThanSec: '-1',
      destination: 'queue',
      ratePerSec: '0',
      maxRedrives: '1.5',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'Name the destination queue.',
        'Header line 1 must look like key=value.',
        'Older than must be a number of seconds, 0 or more.',
        'Set at least one filter, or choose "All messages".',
        'Rate must be more than 0 and at most 100,000 messages per second.',
        'Max redrives must be a whole number from 0 to 1,000,000.',
      ],
    });
    const window = buildReplayBody({ ...initialReplayForm, scope: 'filtered', olderThanSec: '100', newerThanSec: '10' });
    expect(window.ok).toBe(false);
  });
});

describe('parseHeaderLines', () => {
  it('keeps text values that contain =', () => {
    expect(parseHeaderLines('q=a=b')).toEqual({ headers: { q: 'a=b' }, errors: [] });
  });
});

describe('describeDestination and previewText', () => {
  it('says where and how many', () => {
    expect(describeDestination({})).toBe('back to where they died (from x-death)');
    expect(describeDestination({ to: { queue: 'q' } })).toBe('to the queue q');
    expect(describeDestination({ to: { exchange: 'x', routingKey: 'k' } })).toBe('to the exchange x with routing key "k"');
    expect(previewText(5)).toBe('5 messages will move.');
    expect(previewText(1)).toBe('1 message will move.');
    expect(previewText(0)).toBe('No messages match: nothing would move.');
  });
});
