import { describe, expect, it } from 'vitest';
import { exchangeArguments, queueArguments } from './arguments';

describe('declare arguments', () => {
  it('map x-* queue arguments to the engine’s and ignore the ones it has no use for', () => {
    expect(
      queueArguments({
        'x-message-ttl': 1000,
        'x-expires': 5000,
        'x-max-length': 10,
        'x-max-length-bytes': 1024,
        'x-overflow': 'reject-publish-dlx',
        'x-max-priority': 9,
        'x-dead-letter-exchange': 'amq.default',
        'x-dead-letter-routing-key': 'dead',
        'x-delivery-limit': 3,
        'x-queue-type': 'classic',
        'x-single-active-consumer': true,
      }),
    ).toEqual({
      messageTtlMs: 1000,
      expiresMs: 5000,
      maxLength: 10,
      maxLengthBytes: 1024,
      overflow: 'reject-publish-dlx',
      maxPriority: 9,
      deadLetterExchange: '',
      queueType: 'classic',
      deadLetterRoutingKey: 'dead',
      deliveryLimit: 3,
    });
    expect(queueArguments(undefined)).toEqual({});
  });

  it('take alternate-exchange out of exchange arguments', () => {
    expect(exchangeArguments({ 'alternate-exchange': 'ae', other: 1 })).toEqual({ alternateExchange: 'ae', arguments: { other: 1 } });
    expect(exchangeArguments(undefined)).toEqual({ arguments: {} });
  });
});
