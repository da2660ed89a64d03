/** The HTTP API takes and shows AMQP's cluster-id like the other string properties (RabbitMQ carries it through). */
import { describe, expect, it } from 'vitest';
import { toPublishInput } from './publish-input';
import { messagePropertiesSchema, publishBodySchema } from './schemas/messages';

describe('cluster-id over HTTP', () => {
  it('is accepted on publish and reaches the engine', () => {
    const body = publishBodySchema.parse({ payload: 'x', properties: { clusterId: 'cluster-a', correlationId: 'c' } });
    expect(toPublishInput('', 'q', body, 1024).properties).toMatchObject({ clusterId: 'cluster-a', correlationId: 'c' });
  });

  it('is checked as a short string, as correlationId is', () => {
    expect(publishBodySchema.safeParse({ payload: 'x', properties: { clusterId: 'c'.repeat(256) } }).success).toBe(false);
    expect(publishBodySchema.safeParse({ payload: 'x', properties: { clusterId: 7 } }).success).toBe(false);
  });

  it('is part of the properties a delivery shows', () => {
    expect(messagePropertiesSchema.parse({ clusterId: 'cluster-a', persistent: true })).toEqual({ clusterId: 'cluster-a', persistent: true });
  });
});
