import { describe, expect, it } from 'vitest';
import { AcksInDoubt, FingerprintCounts } from './acks-in-doubt';

describe('AcksInDoubt', () => {
  it('doubts the acks of a pass whose channel went away, once per ack', () => {
    const acks = new AcksInDoubt();
    acks.recordAck('a');
    acks.recordAck('a');
    acks.recordAck('b');
    // Nothing is in doubt while the pass runs: its own acks cannot come back on its live channel.
    expect(acks.takeMatch('a')).toBe(false);
    acks.passBroken();
    expect(acks.takeMatch('c')).toBe(false);
    expect(acks.takeMatch('a')).toBe(true);
    expect(acks.takeMatch('a')).toBe(true);
    expect(acks.takeMatch('a')).toBe(false);
    expect(acks.takeMatch('b')).toBe(true);
    expect(acks.takeMatch('b')).toBe(false);
  });

  it("forgets a pass's acks once its channel answered after them, and keeps an earlier pass's doubts", () => {
    const acks = new AcksInDoubt();
    acks.recordAck('lost');
    acks.passBroken();
    acks.recordAck('arrived');
    acks.passProven();
    acks.passBroken();
    expect(acks.takeMatch('arrived')).toBe(false);
    expect(acks.takeMatch('lost')).toBe(true);
  });

  it('keeps a match that could not be moved again, and forgets every doubt once the queue was read to its end', () => {
    const acks = new AcksInDoubt();
    acks.recordAck('a');
    acks.passBroken();
    expect(acks.takeMatch('a')).toBe(true);
    acks.giveBackMatch('a');
    expect(acks.takeMatch('a')).toBe(true);
    acks.giveBackMatch('a');
    acks.queueDrained();
    expect(acks.takeMatch('a')).toBe(false);
  });
});

describe('FingerprintCounts', () => {
  it('keeps at most its limit, forgetting the fingerprint recorded first', () => {
    const counts = new FingerprintCounts(3);
    for (const fingerprint of ['a', 'b', 'a', 'c', 'd']) counts.add(fingerprint);
    expect([...counts.each()]).toEqual(['b', 'c', 'd']);
    expect(counts.take('a')).toBe(false);
    expect(counts.take('b')).toBe(true);
    expect([...counts.each()]).toEqual(['c', 'd']);
  });
});
