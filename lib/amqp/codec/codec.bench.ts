/**
 * @module Micro-benchmark of the codec's hot paths (not run by tests): `npx tsx lib/amqp/codec/codec.bench.ts`.
 * Prints ops/s for encodeDelivery and decodeMethod(basic.publish), the best of a few short rounds.
 */
import { encodeDelivery } from './fast-paths';
import { decodeMethod, encodeMethodPayload } from './methods';

function opsPerSecond(label: string, rounds: number, iterations: number, fn: () => unknown): void {
  let sink: unknown;
  for (let i = 0; i < iterations; i++) sink = fn(); // warm up the JIT
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = fn();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, iterations / seconds);
  }
  void sink;
  console.log(`${label.padEnd(52)} ${Math.round(best).toLocaleString('en-US').padStart(12)} ops/s`);
}

const body = Buffer.alloc(256, 0x61);
const props = { contentType: 'application/json', deliveryMode: 2, headers: { 'x-retries': 1, source: 'bench' }, messageId: 'm-123', timestamp: 1_700_000_000 };
let tag = 0;

opsPerSecond('encodeDelivery (256 B body, 5 properties)', 5, 200_000, () =>
  encodeDelivery(1, 'amq.ctag-bench', ++tag, false, 'orders', 'order.created', props, body, 131072),
);
opsPerSecond('encodeDelivery (256 B body, no properties)', 5, 200_000, () =>
  encodeDelivery(1, 'amq.ctag-bench', ++tag, false, 'orders', 'order.created', {}, body, 131072),
);

const publish = encodeMethodPayload('basic.publish', { exchange: 'orders', routingKey: 'order.created', mandatory: true });
opsPerSecond('decodeMethod(basic.publish)', 5, 500_000, () => decodeMethod(publish));
const ack = encodeMethodPayload('basic.ack', { deliveryTag: 123456, multiple: false });
opsPerSecond('decodeMethod(basic.ack)', 5, 500_000, () => decodeMethod(ack));
const consume = encodeMethodPayload('basic.consume', { queue: 'orders', consumerTag: 'c1' });
opsPerSecond('decodeMethod(basic.consume) (generic walk, for scale)', 5, 200_000, () => decodeMethod(consume));
