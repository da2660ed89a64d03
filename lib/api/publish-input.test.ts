import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { payloadSize, publishBatchResultJson, publishResultJson, toPublishInput } from './publish-input';
import { publishBodySchema, queuePublishBodySchema } from './schemas/messages';

describe('payloadSize', () => {
  it('counts decoded bytes', () => {
    expect(payloadSize('héllo', 'utf8')).toBe(6);
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'hello world!']) {
      expect(payloadSize(Buffer.from(text).toString('base64'), 'base64')).toBe(text.length);
    }
  });
});

describe('toPublishInput', () => {
  it('decodes the payload, names the default exchange "" and keeps the properties given', () => {
    const body = publishBodySchema.parse({
      routingKey: 'k',
      payload: Buffer.from([0xff, 0x00, 0x01]).toString('base64'),
      payloadEncoding: 'base64',
      mandatory: true,
      properties: { priority: 3, headers: { CC: ['other'] } },
    });
    const input = toPublishInput('amq.default', body.routingKey, body, 100);
    expect(input).toEqual({
      exchange: '',
      routingKey: 'k',
      payload: Buffer.from([0xff, 0x00, 0x01]),
      mandatory: true,
      properties: { priority: 3, headers: { CC: ['other'] }, persistent: true },
    });
  });

  it('refuses a payload over the limit with 413 payload_too_large, measured after decoding', () => {
    const body = queuePublishBodySchema.parse({ payload: Buffer.alloc(11).toString('base64'), payloadEncoding: 'base64' });
    expect(() => toPublishInput('', 'q', body, 10)).toThrow(ApiError);
    expect(() => toPublishInput('', 'q', body, 10)).toThrow(/11 bytes/);
    expect(toPublishInput('', 'q', body, 11).payload).toHaveLength(11);
  });
});

describe('publish results', () => {
  const result = { routed: true, queues: 2, messageId: 'm1', rejectedBy: [] };

  it('drop rejectedBy when nothing refused', () => {
    expect(publishResultJson(result)).toEqual({ routed: true, queues: 2, messageId: 'm1' });
    expect(publishBatchResultJson([result, { ...result, messageId: 'm2' }]).results.map((r) => r.messageId)).toEqual(['m1', 'm2']);
  });

  it('turn a reject-publish refusal into 429 queue_full naming the queue', () => {
    const refused = { ...result, queues: 1, rejectedBy: ['bounded'] };
    expect(() => publishResultJson(refused)).toThrow(expect.objectContaining({ code: 'queue_full', message: expect.stringContaining("'bounded'") }));
    try {
      publishBatchResultJson([result, refused]);
    } catch (error) {
      expect((error as ApiError).code).toBe('queue_full');
      expect((error as ApiError).details).toEqual({ results: [result, refused] });
    }
  });
});
