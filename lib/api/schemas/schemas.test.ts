import { describe, expect, it } from 'vitest';
import { exchangeNameSchema, exchangeRefSchema, fieldTableSchema, nameSchema, queueNameSchema } from './common';
import { exchangeDeclareBodySchema, exchangeDeleteQuerySchema } from './exchanges';
import { publishBatchBodySchema, publishBodySchema, queuePublishBodySchema, receiveBodySchema } from './messages';
import { queueDeclareBodySchema, queueListQuerySchema } from './queues';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('names', () => {
  it('are any UTF-8 of 1–255 bytes, as RabbitMQ (bytes, not characters)', () => {
    expect(ok(nameSchema, 'orders.created:v1_x-2')).toBe(true);
    expect(ok(nameSchema, 'a'.repeat(255))).toBe(true);
    expect(ok(nameSchema, 'a'.repeat(256))).toBe(false);
    expect(ok(nameSchema, '')).toBe(false);
    for (const good of ['celery@host.celery.pidbox', 'with space', 'slash/name', 'ünïcode', 'star*', 'percent%20', 'a%2Fb']) {
      expect(ok(nameSchema, good), good).toBe(true);
    }
    expect(ok(nameSchema, 'ü'.repeat(127))).toBe(true); // 254 bytes
    expect(ok(nameSchema, 'ü'.repeat(128))).toBe(false); // 128 characters, 256 bytes
    expect(ok(nameSchema, 'lone \ud800 surrogate')).toBe(false);
  });

  it('reserve amq. except the built-in exchanges', () => {
    expect(ok(exchangeNameSchema, 'amq.topic')).toBe(true);
    expect(ok(exchangeNameSchema, 'amq.default')).toBe(true);
    expect(ok(exchangeNameSchema, 'amq.custom')).toBe(false);
    expect(ok(queueNameSchema, 'amq.topic')).toBe(false);
    expect(ok(queueNameSchema, 'amqp.fine')).toBe(true);
  });

  it('let a body name the default exchange as "" or amq.default', () => {
    expect(ok(exchangeRefSchema, '')).toBe(true);
    expect(ok(exchangeRefSchema, 'amq.default')).toBe(true);
    expect(ok(exchangeRefSchema, 'amq.nope')).toBe(false);
  });
});

describe('field tables', () => {
  it('hold JSON values, nested, with null for void', () => {
    expect(ok(fieldTableSchema, { a: 1, b: 'x', c: null, d: [1, { e: true }], f: { g: [] } })).toBe(true);
    expect(ok(fieldTableSchema, [])).toBe(false);
    const parsed = fieldTableSchema.parse(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['a']);
  });
});

describe('declare bodies', () => {
  it('fill the contract defaults', () => {
    expect(exchangeDeclareBodySchema.parse({ type: 'topic' })).toEqual({
      type: 'topic',
      durable: true,
      autoDelete: false,
      internal: false,
      arguments: {},
    });
    expect(queueDeclareBodySchema.parse({})).toEqual({ durable: true, autoDelete: false, arguments: {} });
  });

  it('check queue arguments strictly', () => {
    const args = (a: unknown) => ok(queueDeclareBodySchema, { arguments: a });
    expect(args({ maxPriority: 10, overflow: 'reject-publish-dlx', deadLetterExchange: '', messageTtlMs: 0 })).toBe(true);
    expect(args({ maxPriority: 0 })).toBe(false);
    expect(args({ maxPriority: 256 })).toBe(false);
    expect(args({ expiresMs: 0 })).toBe(false);
    expect(args({ maxLength: -1 })).toBe(false);
    expect(args({ maxLength: 1.5 })).toBe(false);
    expect(args({ overflow: 'drop-tail' })).toBe(false);
    expect(args({ 'x-message-ttl': 100 })).toBe(false);
    expect(ok(exchangeDeclareBodySchema, { type: 'x-delayed' })).toBe(false);
    expect(ok(queueDeclareBodySchema, { durable: 'yes' })).toBe(false);
  });
});

describe('publish bodies', () => {
  it('default routing key, encoding, mandatory and persistence', () => {
    expect(publishBodySchema.parse({ payload: 'hi' })).toEqual({
      routingKey: '',
      payload: 'hi',
      payloadEncoding: 'utf8',
      mandatory: false,
      properties: { persistent: true },
    });
  });

  it('refuse invalid base64 and accept valid base64', () => {
    expect(ok(publishBodySchema, { payload: 'aGVsbG8=', payloadEncoding: 'base64' })).toBe(true);
    expect(ok(publishBodySchema, { payload: '', payloadEncoding: 'base64' })).toBe(true);
    for (const bad of ['aGVsbG8', 'a', '!!!!', 'aGVs bG8=']) {
      const result = publishBodySchema.safeParse({ payload: bad, payloadEncoding: 'base64' });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['payload']);
    }
  });

  it('check property types and ranges', () => {
    const props = (p: unknown) => ok(publishBodySchema, { payload: 'x', properties: p });
    expect(props({ priority: 255, expirationMs: 0, timestamp: 1_700_000_000_000, headers: { a: 1 } })).toBe(true);
    expect(props({ priority: 256 })).toBe(false);
    expect(props({ priority: 1.5 })).toBe(false);
    expect(props({ expirationMs: -1 })).toBe(false);
    expect(props({ messageId: 'x'.repeat(256) })).toBe(false);
    expect(props({ headers: { CC: ['a', 'b'], BCC: [] } })).toBe(true);
    expect(props({ headers: { CC: 'a' } })).toBe(false);
    expect(props({ headers: { BCC: [1] } })).toBe(false);
    expect(ok(publishBodySchema, { payload: 42 })).toBe(false);
    expect(ok(publishBodySchema, { payload: 'x', payloadEncoding: 'hex' })).toBe(false);
  });

  it('take 1..1000 messages in a batch and no routing key on the queue shortcut', () => {
    expect(ok(publishBatchBodySchema, { messages: [] })).toBe(false);
    expect(ok(publishBatchBodySchema, { messages: Array.from({ length: 1001 }, () => ({ payload: '' })) })).toBe(false);
    expect(publishBatchBodySchema.safeParse({ messages: [{ payload: 'a' }, { payload: '@', payloadEncoding: 'base64' }] }).error?.issues[0].path).toEqual([
      'messages',
      1,
      'payload',
    ]);
    expect(queuePublishBodySchema.parse({ payload: 'x', routingKey: 'ignored' })).not.toHaveProperty('routingKey');
  });
});

describe('receive and query strings', () => {
  it('bound receive parameters', () => {
    expect(receiveBodySchema.parse({})).toEqual({ max: 1, waitMs: 0, visibilityTimeoutMs: 30_000 });
    expect(ok(receiveBodySchema, { max: 1001 })).toBe(false);
    expect(ok(receiveBodySchema, { waitMs: 20_001 })).toBe(false);
  });

  it('read booleans and numbers from query strings strictly', () => {
    expect(exchangeDeleteQuerySchema.parse({ ifUnused: 'true' })).toEqual({ ifUnused: true });
    expect(exchangeDeleteQuerySchema.parse({})).toEqual({ ifUnused: false });
    expect(ok(exchangeDeleteQuerySchema, { ifUnused: 'maybe' })).toBe(false);
    expect(queueListQuerySchema.parse({ limit: '5', sort: '-messages' })).toEqual({ limit: 5, sort: '-messages' });
    expect(ok(queueListQuerySchema, { limit: 'five' })).toBe(false);
    expect(ok(queueListQuerySchema, { sort: 'size' })).toBe(false);
  });
});
