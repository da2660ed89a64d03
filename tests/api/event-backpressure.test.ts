/**
 * Event streams apply backpressure on the real server: a subscriber whose TCP client stops reading stops being
 * leased messages (they stay ready for others), and gets the rest, in order, once it reads again.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { eventually } from '../../lib/amqp/test-support/amqp-fixture';
import { api, declareQueue, enc, unique } from './http';

const MESSAGE_BYTES = 64 * 1024;
const TOTAL = 300;

/** A raw HTTP/1.1 GET of an event stream whose socket is not read until `read()` is called. */
async function openUnread(path: string): Promise<{ socket: Socket; read: () => Promise<string[]> }> {
  const base = new URL(inject('baseUrl'));
  const socket = connect(Number(base.port), base.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.pause();
  socket.write(`GET /api/v1${path} HTTP/1.1\r\nHost: ${base.host}\r\nAuthorization: Bearer ${inject('token')}\r\nAccept: text/event-stream\r\n\r\n`);
  const read = async () => {
    const payloads: string[] = [];
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      // Chunked encoding interleaves size lines; each event's data line is whole within the text all the same.
      for (let at = text.indexOf('\ndata: '); at >= 0; at = text.indexOf('\ndata: ')) {
        const end = text.indexOf('\n', at + 1);
        if (end < 0) break;
        const line = text.slice(at + 7, end);
        text = text.slice(end);
        try {
          payloads.push(JSON.parse(line).messageId);
        } catch {
          // a data line split by a chunk-size line: not one of ours
        }
      }
    });
    socket.resume();
    await eventually(() => payloads.length >= TOTAL, 30_000);
    return payloads;
  };
  return { socket, read };
}

describe('a subscriber that stops reading', () => {
  it('stops receiving until it reads again, then gets every message in order', async () => {
    const queue = unique('backpressure');
    await declareQueue(queue);
    const { socket, read } = await openUnread(`/queues/${enc(queue)}/subscribe?prefetch=10000`);
    try {
      await eventually(async () => (await api('GET', `/queues/${enc(queue)}`)).body.consumers === 1);
      const payload = 'x'.repeat(MESSAGE_BYTES);
      for (let i = 0; i < TOTAL; i += 20) {
        const messages = Array.from({ length: 20 }, (_, k) => ({ routingKey: queue, payload, properties: { messageId: `m-${i + k}` } }));
        const answer = await api('POST', '/exchanges/amq.default/publish-batch', { body: { messages } });
        expect(answer.status, answer.text).toBe(200);
      }
      // Everything is published; a subscriber without backpressure (prefetch 10,000) would hold all of it unacked now.
      const stats = (await api('GET', `/queues/${enc(queue)}`)).body;
      expect(stats.messagesReady).toBeGreaterThan(0);
      expect(stats.messagesUnacked * MESSAGE_BYTES).toBeLessThan((TOTAL * MESSAGE_BYTES) / 2);

      const received = await read();
      expect(received.slice(0, TOTAL)).toEqual(Array.from({ length: TOTAL }, (_, i) => `m-${i}`));
    } finally {
      socket.destroy();
    }
  }, 60_000);
});
