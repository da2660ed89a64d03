import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { message } from './store-contract-fixtures';
import { packInserts, unpackInserts, type PackedInserts } from './packed-inserts';

/** Sends the packed batch through a real MessagePort, transferring its buffers as the store does. */
function throughPort(packed: PackedInserts, transfer: ArrayBuffer[]): Promise<PackedInserts> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received: PackedInserts) => {
      port1.close();
      port2.close();
      resolve(received);
    });
    port1.postMessage(packed, transfer);
  });
}

describe('packed inserts', () => {
  it('arrive as they were sent: every field, null expiries, properties and payload bytes', async () => {
    const pooled = Buffer.from([0, 1, 2, 250, 255]); // small Buffers are views of Node's shared pool
    const messages = [
      message(7, 'orders', { payload: pooled, properties: { headers: { a: [1, 'x'] }, priority: 3 }, priority: 3, expiresAt: 1_700_000_009_000 }),
      message(8, 'orders.dlq', { payload: Buffer.alloc(0), persistent: false, deliveryCount: 2, routingKeys: ['k', 'cc'] }),
      message(9, 'q', { payload: Buffer.from('héllo'), messageId: 'id-9', exchange: 'ex', routingKey: 'k' }),
    ];
    const { packed, transfer } = packInserts(messages);
    const received = unpackInserts(await throughPort(packed, transfer));
    expect(received).toEqual(messages);
    expect(received.every((m) => Buffer.isBuffer(m.payload))).toBe(true);
    // The sender keeps its own payloads: only the packed copy moved.
    expect(pooled.equals(Buffer.from([0, 1, 2, 250, 255]))).toBe(true);
  });

  it('packs an empty batch', async () => {
    const { packed, transfer } = packInserts([]);
    expect(unpackInserts(await throughPort(packed, transfer))).toEqual([]);
  });
});
