import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { encodeContent, type BasicProperties } from './content';
import { encodeBasicAck, encodeBasicNack, encodeDelivery, encodeGetOk } from './fast-paths';
import { typed } from './field-table';
import { encodeMethod } from './methods';

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AmqpCodecError ? e.replyCode : `not AmqpCodecError: ${String(e)}`;
  }
}

const PROPS: BasicProperties = { contentType: 'text/plain', headers: { 'x-death': [{ count: typed('long', 2) }], n: 1 }, deliveryMode: 2, timestamp: 1_700_000_000 };

describe('fast paths write the same bytes as the generic encoder', () => {
  it.each([
    ['small body', Buffer.from('hello'), 4096],
    ['empty body', Buffer.alloc(0), 4096],
    ['body split over frames', Buffer.alloc(20_000, 3), 4096],
    ['no frame-max', Buffer.alloc(20_000, 4), 0],
  ] as const)('encodeDelivery, %s', (_label, body, frameMax) => {
    for (const [props, ctag, ex, rk] of [
      [PROPS, 'amq.ctag-1', 'orders', 'order.créé'],
      [{}, '', '', ''],
      [{ messageId: '☃' }, 'c'.repeat(255), 'e'.repeat(255), 'r'.repeat(255)],
    ] as const) {
      const fast = encodeDelivery(9, ctag, 2 ** 53 - 1, true, ex, rk, props, body, frameMax);
      const generic = Buffer.concat([
        encodeMethod(9, 'basic.deliver', { consumerTag: ctag, deliveryTag: 2 ** 53 - 1, redelivered: true, exchange: ex, routingKey: rk }),
        encodeContent(9, props, body, frameMax),
      ]);
      expect(fast).toEqual(generic);
    }
  });

  it('encodeGetOk', () => {
    const body = Buffer.alloc(9000, 1);
    const fast = encodeGetOk(2, 17, false, 'ex', 'rk', 4_000_000_000, PROPS, body, 4096);
    const generic = Buffer.concat([
      encodeMethod(2, 'basic.get-ok', { deliveryTag: 17, redelivered: false, exchange: 'ex', routingKey: 'rk', messageCount: 4_000_000_000 }),
      encodeContent(2, PROPS, body, 4096),
    ]);
    expect(fast).toEqual(generic);
  });

  it('encodeBasicAck and encodeBasicNack', () => {
    for (const multiple of [false, true]) {
      expect(encodeBasicAck(3, 123456789012, multiple)).toEqual(encodeMethod(3, 'basic.ack', { deliveryTag: 123456789012, multiple }));
      for (const requeue of [false, true]) {
        expect(encodeBasicNack(3, 5, multiple, requeue)).toEqual(encodeMethod(3, 'basic.nack', { deliveryTag: 5, multiple, requeue }));
      }
    }
  });

  it('refuses what cannot go on the wire', () => {
    expect(codeOf(() => encodeDelivery(1, 'c', 1.5, false, '', '', {}, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeDelivery(1, 'c', 1, false, '', 'k'.repeat(256), {}, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeGetOk(1, 1, false, '', '', -1, {}, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeBasicAck(1, -1, false))).toBe(541);
  });
});
