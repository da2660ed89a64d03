import { describe, expect, it } from 'vitest';
import { AcksInDoubt } from './acks-in-doubt';

describe('AcksInDoubt', () => {
  it('matches a redelivered message once per ack recorded for its fingerprint', () => {
    const acks = new AcksInDoubt();
    acks.recordAck('a');
    acks.recordAck('a');
    acks.recordAck('b');
    expect(acks.takeMatch('c')).toBe(false);
    expect(acks.takeMatch('a')).toBe(true);
    expect(acks.takeMatch('a')).toBe(true);
    expect(acks.takeMatch('a')).toBe(false);
    expect(acks.takeMatch('b')).toBe(true);
    expect(acks.takeMatch('b')).toBe(false);
  });

  it('forgets every ack once they are known to have arrived', () => {
    const acks = new AcksInDoubt();
    acks.recordAck('a');
    acks.clear();
    expect(acks.takeMatch('a')).toBe(false);
  });

  it('keeps at most its limit of acks, forgetting the fingerprint recorded first', () => {
    const acks = new AcksInDoubt(3);
    for (const fingerprint of ['a', 'b', 'a', 'c', 'd']) acks.recordAck(fingerprint);
    expect(acks.takeMatch('a')).toBe(false);
    expect(acks.takeMatch('b')).toBe(true);
    expect(acks.takeMatch('c')).toBe(true);
    expect(acks.takeMatch('d')).toBe(true);
  });
});
