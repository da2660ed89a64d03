import { describe, expect, it } from 'vitest';
import { isMalformedApiPath } from './malformed-url';

describe('isMalformedApiPath', () => {
  it('flags /api paths Next could not decode, and nothing else', () => {
    expect(isMalformedApiPath('/api/v1/queues/%E0%A4%A')).toBe(true);
    expect(isMalformedApiPath('/api/v1/queues/%')).toBe(true);
    expect(isMalformedApiPath('/api/v1/queues/a%2Fb')).toBe(false);
    expect(isMalformedApiPath('/api/v1/queues/orders?search=%')).toBe(false);
    expect(isMalformedApiPath('/queues/%E0%A4%A')).toBe(false);
    expect(isMalformedApiPath('/apiary/%')).toBe(false);
  });
});
