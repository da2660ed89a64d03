import { describe, expect, it } from 'vitest';
import { purgePrompt } from './purge-prompt';

describe('purgePrompt', () => {
  it('names the count and the queue', () => {
    expect(purgePrompt('orders', 42)).toBe('Purge 42 ready messages from orders?');
    expect(purgePrompt('x', 1)).toBe('Purge 1 ready message from x?');
    expect(purgePrompt('big', 1234567)).toBe('Purge 1,234,567 ready messages from big?');
  });
});
