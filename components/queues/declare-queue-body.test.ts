import { describe, expect, it } from 'vitest';
import { toDeclareQueueBody } from './declare-queue-body';

describe('toDeclareQueueBody', () => {
  it('leaves empty optional fields out', () => {
    expect(toDeclareQueueBody({ durable: true, messageTtlMs: '', maxLength: ' ', deadLetterExchange: '' })).toEqual({ durable: true });
  });

  it('sends the quorum type, and leaves classic (the default) out', () => {
    expect(toDeclareQueueBody({ type: 'quorum', durable: true, messageTtlMs: '', maxLength: '', deadLetterExchange: '' })).toEqual({ type: 'quorum', durable: true });
    expect(toDeclareQueueBody({ type: 'classic', durable: true, messageTtlMs: '', maxLength: '', deadLetterExchange: '' })).toEqual({ durable: true });
  });

  it('sends the arguments that were filled in, as numbers', () => {
    expect(toDeclareQueueBody({ durable: false, messageTtlMs: '60000', maxLength: '10', deadLetterExchange: ' dlx ' })).toEqual({
      durable: false,
      arguments: { messageTtlMs: 60000, maxLength: 10, deadLetterExchange: 'dlx' },
    });
  });
});
