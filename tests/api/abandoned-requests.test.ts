/** A request whose client has left stops: a long-poll `receive` no longer waits for (and leases) the next message. */
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { api, declareQueue, enc, receive, send, unique } from './http';

describe('abandoned requests', () => {
  it('a long-poll receive ends when its client leaves, so the next message goes to the next receiver', async () => {
    const queue = unique('abandoned');
    await declareQueue(queue);
    const { hostname, port } = new URL(inject('baseUrl'));
    const socket = connect(Number(port), hostname);
    const body = JSON.stringify({ max: 1, waitMs: 25_000 });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/v1/queues/${enc(queue)}/receive HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${inject('token')}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // A later request on the same path through the same pipeline: by its answer the long-poll is waiting on the queue.
    expect((await api('GET', `/queues/${enc(queue)}`)).status).toBe(200);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.destroy();
    await closed;
    // And by this answer the server has seen the close (it came first on the wire).
    expect((await api('GET', '/health')).status).toBe(200);
    await send(queue, 'for whoever is still here');
    const messages = await receive(queue, { max: 1 });
    // Had the abandoned poll kept waiting, it would hold this message under a lease nobody can ack.
    expect(messages.map((message) => message.payload)).toEqual(['for whoever is still here']);
  });
});
