/**
 * The memory high watermark on the real server, set at run time as `rabbitmqctl set_vm_memory_high_watermark`:
 * over it /health is degraded and says why, HTTP publishes answer 503 with Retry-After, AMQP publishers get
 * connection.blocked while consumers keep draining; back under it everything resumes.
 */
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../../lib/amqp/test-support/amqp-fixture';
import { as, createUser } from './access-fixture';
import { ack, api, declareQueue, enc, errorCode, receive, send, unique } from './http';

let original: number | string;

beforeAll(async () => {
  const answer = await api('GET', '/memory-watermark');
  expect(answer.status).toBe(200);
  original = answer.body.watermark;
});

afterAll(async () => {
  // Whatever happened, the server is left as it was found for the next test file.
  await api('PUT', '/memory-watermark', { body: { watermark: original } });
});

describe('the memory watermark', () => {
  it('shows the watermark, the limit it makes and the memory in use', async () => {
    const answer = await api('GET', '/memory-watermark');
    expect(answer.body).toEqual({
      watermark: expect.anything(),
      limitBytes: expect.any(Number),
      usedBytes: expect.any(Number),
      totalBytes: expect.any(Number),
      alarm: false,
    });
    expect(answer.body.usedBytes).toBeGreaterThan(0);
    expect(answer.body.limitBytes).toBeGreaterThan(answer.body.usedBytes);
  });

  it('refuses a watermark that is neither a fraction nor a size', async () => {
    for (const watermark of ['lots', '1.5', -1, 2.5, '']) {
      const answer = await api('PUT', '/memory-watermark', { body: { watermark } });
      expect(answer.status, JSON.stringify(watermark)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
    }
  });

  it('over the watermark blocks publishers on both doors while consumers drain, and clears when set back', async () => {
    const queue = unique('watermark');
    await declareQueue(queue);
    for (let i = 0; i < 3; i++) await send(queue, `before ${i}`);

    const publisher = await amqp.connect(inject('amqpUrl'));
    const consumer = await amqp.connect(inject('amqpUrl'));
    try {
      const events: string[] = [];
      publisher.on('blocked', (reason: string) => events.push(`blocked: ${reason}`));
      publisher.on('unblocked', () => events.push('unblocked'));
      consumer.on('blocked', () => events.push('consumer blocked'));
      const pub = await publisher.createConfirmChannel();
      await new Promise<void>((resolve, reject) => pub.sendToQueue(queue, Buffer.from('amqp before'), {}, (error) => (error ? reject(error) : resolve())));

      const set = await api('PUT', '/memory-watermark', { body: { watermark: '1MiB' } });
      expect(set.status, set.text).toBe(200);
      expect(set.body).toMatchObject({ watermark: '1 MiB', limitBytes: 1024 * 1024, alarm: true });

      const health = await api('GET', '/health', { token: null });
      expect(health.body.status).toBe('degraded');
      expect(health.body.problems).toEqual([expect.stringMatching(/^memory .+ is over the high watermark 1 MiB: publishers are blocked$/)]);
      // Memory is no reason to take this process out of a load balancer: it still serves consumers.
      expect((await api('GET', '/health/ready', { token: null })).status).toBe(200);

      for (const [path, body] of [
        [`/queues/${enc(queue)}/messages`, { payload: 'during' }],
        ['/exchanges/amq.default/publish', { routingKey: queue, payload: 'during' }],
        ['/exchanges/amq.default/publish-batch', { messages: [{ routingKey: queue, payload: 'during' }] }],
      ] as const) {
        const refused = await api('POST', path, { body });
        expect(refused.status, `${path}: ${refused.text}`).toBe(503);
        expect(errorCode(refused)).toBe('unavailable');
        expect(refused.body.error.details).toMatchObject({ alarm: 'memory' });
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      }

      await eventually(() => events.includes('blocked: low on memory'));
      let lateConfirmed = false;
      pub.sendToQueue(queue, Buffer.from('amqp during'), {}, () => (lateConfirmed = true));

      // Consumers drain, over HTTP and over AMQP (a connection that never published is not blocked).
      const leased = await receive(queue, { max: 2 });
      expect(leased.map((m) => m.payload)).toEqual(['before 0', 'before 1']);
      await ack(queue, leased.map((m) => m.deliveryTag));
      const ch = await consumer.createChannel();
      const drained: string[] = [];
      await ch.consume(queue, (message) => {
        if (!message) return;
        drained.push(message.content.toString());
        ch.ack(message);
      });
      await eventually(() => drained.length === 2);
      expect(drained).toEqual(['before 2', 'amqp before']);
      expect(lateConfirmed).toBe(false);
      expect(events).toEqual(['blocked: low on memory']);

      const reset = await api('PUT', '/memory-watermark', { body: { watermark: original } });
      expect(reset.body.alarm).toBe(false);
      expect((await api('GET', '/health', { token: null })).body).toMatchObject({ status: 'ok', problems: [] });
      await eventually(() => events.includes('unblocked') && lateConfirmed && drained.length === 3, 5000);
      expect(drained[2]).toBe('amqp during');
      await send(queue, 'after');
      await eventually(() => drained.length === 4);
      expect(events).toEqual(['blocked: low on memory', 'unblocked']);
    } finally {
      await publisher.close().catch(() => undefined);
      await consumer.close().catch(() => undefined);
    }
  });

  it('is read by monitoring, set by administrators only, and the change is audited', async () => {
    const monitor = await createUser(['monitoring'], 'monitor');
    expect((await api('GET', '/memory-watermark', as(monitor))).status).toBe(200);
    const refused = await api('PUT', '/memory-watermark', { ...as(monitor), body: { watermark: 0.5 } });
    expect(refused.status).toBe(403);
    const plain = await createUser([], 'plain');
    expect((await api('GET', '/memory-watermark', as(plain))).status).toBe(403);
    const audit = await api('GET', '/audit?action=memory-watermark.set');
    expect(audit.status, audit.text).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('memory-watermark.set');
  });
});
