import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine';
import { notFound } from '../engine/errors';
import { AmqpCodecError } from './codec';
import { AmqpError, closesConnection, replyText, toReply } from './reply-codes';

describe('reply codes', () => {
  it('map engine error codes as RabbitMQ answers them', () => {
    const cases: [EngineError, number][] = [
      [new EngineError('not_found', "queue 'q' does not exist"), 404],
      [new EngineError('forbidden', 'no'), 403],
      [new EngineError('resource_locked', 'locked'), 405],
      [new EngineError('precondition_failed', 'differs'), 406],
      [new EngineError('bad_request', 'bad arg'), 406],
      [new EngineError('payload_too_large', 'big'), 406],
      [new EngineError('unavailable', 'disk'), 506],
      [new EngineError('unauthorized', 'who?'), 403],
      [new EngineError('too_many_requests', 'slow down'), 403],
    ];
    for (const [error, code] of cases) expect(toReply(error).replyCode).toBe(code);
    expect(toReply(notFound('queue', 'q')).replyText).toBe("NOT_FOUND - no queue 'q' in vhost '/'");
    expect(toReply(notFound('exchange', 'x')).replyText).toBe("NOT_FOUND - no exchange 'x' in vhost '/'");
  });

  it('name the connection’s vhost, from the error’s details when it has them', () => {
    expect(toReply(notFound('queue', 'q'), 'orders').replyText).toBe("NOT_FOUND - no queue 'q' in vhost 'orders'");
    const detailed = new EngineError('not_found', 'gone', { kind: 'exchange', name: 'x' });
    expect(toReply(detailed, 'v').replyText).toBe("NOT_FOUND - no exchange 'x' in vhost 'v'");
  });

  it('pass protocol and codec errors through, and hide anything unexpected behind 541', () => {
    expect(toReply(new AmqpError(530, 'vhost')).replyText).toBe('NOT_ALLOWED - vhost');
    expect(toReply(new AmqpCodecError(501, 'bad frame')).replyCode).toBe(501);
    expect(toReply(new Error('secret detail'))).toEqual({ replyCode: 541, replyText: 'INTERNAL_ERROR - internal error', unexpected: true });
  });

  it('tell hard errors (connection) from soft ones (channel)', () => {
    for (const code of [320, 402, 501, 502, 503, 504, 505, 506, 530, 540, 541]) expect(closesConnection(code)).toBe(true);
    for (const code of [311, 312, 313, 403, 404, 405, 406]) expect(closesConnection(code)).toBe(false);
  });

  it('keeps reply texts within a shortstr', () => {
    expect(Buffer.byteLength(replyText(406, 'é'.repeat(300)))).toBeLessThanOrEqual(255);
  });
});
