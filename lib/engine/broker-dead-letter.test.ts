import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, deathsOf, newDeadLetterTarget, newQueue, receiveAll, send, unique } from '../../tests/support/engine-helpers';
import type { Broker } from './broker';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Receives one message and rejects it (nack without requeue). */
async function reject(broker: Broker, queue: string): Promise<Delivery> {
  const [delivery] = await broker.receive(queue, { max: 1 });
  expect(delivery).toBeDefined();
  await broker.nack(queue, [delivery.deliveryTag], false);
  return delivery;
}

async function directExchange(broker: Broker, bindings: Record<string, string>): Promise<string> {
  const exchange = unique('direct');
  await broker.declareExchange(exchange, { type: 'direct' });
  for (const [routingKey, queue] of Object.entries(bindings)) await broker.bind({ source: exchange, destination: queue, routingKey });
  return exchange;
}

describe('dead-letter routing', () => {
  it('without a dead-letter routing key routes on the original routing keys, CC included', async () => {
    const { broker } = engine;
    const byKey = await newQueue(broker, 'by-key');
    const byCc = await newQueue(broker, 'by-cc');
    const other = await newQueue(broker, 'other');
    const dlx = await directExchange(broker, { 'order.created': byKey, audit: byCc, elsewhere: other });
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dlx } });
    const inbound = await directExchange(broker, { 'order.created': source });
    await broker.publish({ exchange: inbound, routingKey: 'order.created', payload: text('m'), properties: { headers: { CC: ['audit'] } } });
    await reject(broker, source);

    const [viaKey] = await receiveAll(broker, byKey);
    const [viaCc] = await receiveAll(broker, byCc);
    expect(counts(broker, other).messages).toBe(0);
    for (const delivery of [viaKey, viaCc]) {
      expect(delivery).toMatchObject({ exchange: dlx, routingKey: 'order.created', redelivered: false, deliveryCount: 1 });
      expect(delivery.properties.headers?.CC).toEqual(['audit']);
      expect(deathsOf(delivery)).toEqual([
        { queue: source, reason: 'rejected', count: 1, exchange: inbound, 'routing-keys': ['order.created', 'audit'], time: seconds(engine.clock.now()) },
      ]);
    }
  });

  it('with a dead-letter routing key routes on it alone and drops CC', async () => {
    const { broker } = engine;
    const parked = await newQueue(broker, 'parked');
    const byCc = await newQueue(broker, 'by-cc');
    const dlx = await directExchange(broker, { parked, audit: byCc });
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dlx, deadLetterRoutingKey: 'parked' } });
    await send(broker, source, 'm', { headers: { CC: ['audit'], keep: 'yes' } });
    await reject(broker, source);

    expect(counts(broker, byCc).messages).toBe(0);
    const [dead] = await receiveAll(broker, parked);
    expect(dead).toMatchObject({ exchange: dlx, routingKey: 'parked' });
    expect(dead.properties.headers).not.toHaveProperty('CC');
    expect(dead.properties.headers?.keep).toBe('yes');
    expect(deathsOf(dead)[0]['routing-keys']).toEqual([source, 'audit']);
  });

  it('BCC keys route the original publish but are not kept for dead-lettering', async () => {
    const { broker } = engine;
    const viaBcc = await newQueue(broker, 'via-bcc');
    const dlx = await directExchange(broker, { 'bcc-key': viaBcc });
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dlx } });
    const bccTarget = await newQueue(broker, 'bcc-target');
    const inbound = await directExchange(broker, { rk: source, 'bcc-key': bccTarget });
    const result = await broker.publish({ exchange: inbound, routingKey: 'rk', payload: text('m'), properties: { headers: { BCC: ['bcc-key'] } } });
    expect(result.queues).toBe(2);
    const dead = await reject(broker, source);
    expect(dead.properties.headers).not.toHaveProperty('BCC');
    expect(counts(broker, viaBcc).messages).toBe(0);
    expect(counts(broker, bccTarget).ready).toBe(1);
  });

  it('can dead-letter through the default exchange to a queue named by the routing key', async () => {
    const { broker } = engine;
    const parked = await newQueue(broker, 'parked');
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: '', deadLetterRoutingKey: parked } });
    await send(broker, source, 'm');
    await reject(broker, source);
    const [dead] = await receiveAll(broker, parked);
    expect(dead).toMatchObject({ exchange: '', routingKey: parked });
  });

  it('"amq.default" names the default exchange too', async () => {
    const { broker } = engine;
    const parked = await newQueue(broker, 'parked');
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: 'amq.default', deadLetterRoutingKey: parked } });
    await send(broker, source, 'm');
    await reject(broker, source);
    expect(bodies(await receiveAll(broker, parked))).toEqual(['m']);
  });

  it('keeps payload, message id and properties, and removes the expiration', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dl.exchange } });
    await send(broker, source, 'payload', { messageId: 'id-42', correlationId: 'corr', contentType: 'text/plain', expirationMs: 500 });
    await engine.advance(500);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead).toMatchObject({ messageId: 'id-42', properties: { messageId: 'id-42', correlationId: 'corr', contentType: 'text/plain' } });
    expect(dead.payload.toString()).toBe('payload');
    expect(dead.properties.expirationMs).toBeUndefined();
    expect(deathsOf(dead)[0]).toMatchObject({ reason: 'expired', 'original-expiration': '500' });
    // No expiration any more: it stays in the dead-letter queue.
    await broker.nack(dl.queue, [dead.deliveryTag], true);
    await engine.advance(60_000);
    expect(counts(broker, dl.queue).ready).toBe(1);
  });

  it('a dead-letter exchange missing at that moment drops the message', async () => {
    const { broker } = engine;
    const dlx = unique('later');
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dlx } });
    await send(broker, source, 'lost');
    await reject(broker, source);
    expect(counts(broker, source).messages).toBe(0);

    // Declared afterwards: only later deaths reach it.
    const dlq = await newQueue(broker, 'dlq');
    await broker.declareExchange(dlx, { type: 'fanout' });
    await broker.bind({ source: dlx, destination: dlq });
    await send(broker, source, 'kept');
    await reject(broker, source);
    const kept = await receiveAll(broker, dlq);
    expect(bodies(kept)).toEqual(['kept']);
    await broker.ack(dlq, [kept[0].deliveryTag]);

    // Deleted again: dropped again.
    await broker.deleteExchange(dlx);
    await send(broker, source, 'lost-again');
    await reject(broker, source);
    expect(counts(broker, dlq).messages).toBe(0);
    expect(counts(broker, source).messages).toBe(0);
  });

  it('purging or deleting a queue does not dead-letter its messages', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const source = await newQueue(broker, 'source', { arguments: { deadLetterExchange: dl.exchange } });
    await send(broker, source, 'a');
    await send(broker, source, 'b');
    await broker.purgeQueue(source);
    await send(broker, source, 'c');
    await broker.deleteQueue(source);
    expect(counts(broker, dl.queue).messages).toBe(0);
  });
});

describe('x-death over several hops', () => {
  it('records each hop, newest first, with the exchange and routing keys of that hop', async () => {
    const { broker } = engine;
    const c = await newQueue(broker, 'c');
    const dlx = unique('dlx');
    await broker.declareExchange(dlx, { type: 'direct' });
    const b = await newQueue(broker, 'b', { arguments: { messageTtlMs: 1000, deadLetterExchange: dlx, deadLetterRoutingKey: 'to-c' } });
    const a = await newQueue(broker, 'a', { arguments: { messageTtlMs: 1000, deadLetterExchange: dlx, deadLetterRoutingKey: 'to-b' } });
    await broker.bind({ source: dlx, destination: b, routingKey: 'to-b' });
    await broker.bind({ source: dlx, destination: c, routingKey: 'to-c' });

    const t0 = engine.clock.now();
    await send(broker, a, 'm');
    await engine.advance(1000);
    expect(counts(broker, b).ready).toBe(1);
    const t1 = engine.clock.now();
    await engine.advance(1000);
    const [dead] = await receiveAll(broker, c);
    expect(dead).toMatchObject({ exchange: dlx, routingKey: 'to-c' });
    expect(deathsOf(dead)).toEqual([
      { queue: b, reason: 'expired', count: 1, exchange: dlx, 'routing-keys': ['to-b'], time: seconds(t1 + 1000) },
      { queue: a, reason: 'expired', count: 1, exchange: '', 'routing-keys': [a], time: seconds(t0 + 1000) },
    ]);
    expect(dead.properties.headers).toMatchObject({
      'x-first-death-queue': a,
      'x-first-death-reason': 'expired',
      'x-first-death-exchange': '',
      'x-last-death-queue': b,
      'x-last-death-reason': 'expired',
      'x-last-death-exchange': dlx,
    });
  });

  it('a second hop through a queue with another reason adds an entry; x-death survives a restart', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const a = await newQueue(broker, 'a', { arguments: { maxLength: 1, deadLetterExchange: dl.exchange } });
    await send(broker, a, 'm1');
    await send(broker, a, 'm2'); // m1 dies of maxlen
    const restarted = await engine.restart();
    await engine.advance(0);
    const [dead] = await receiveAll(restarted, dl.queue);
    expect(dead.payload.toString()).toBe('m1');
    expect(deathsOf(dead)).toEqual([expect.objectContaining({ queue: a, reason: 'maxlen', count: 1 })]);
  });
});

describe('the cycle rule', () => {
  it('a queue whose expired messages dead-letter to itself drops them instead of looping', async () => {
    const { broker } = engine;
    const name = unique('self');
    await broker.declareQueue(name, { arguments: { messageTtlMs: 100, deadLetterExchange: '', deadLetterRoutingKey: name } });
    await send(broker, name, 'm');
    await engine.advance(100);
    expect(counts(broker, name).messages).toBe(0);
    await engine.advance(1000);
    expect(counts(broker, name).messages).toBe(0);
  });

  it('an automatic loop over two queues is cut when it comes back to the first', async () => {
    const { broker } = engine;
    const dlx = unique('loop');
    await broker.declareExchange(dlx, { type: 'direct' });
    const a = await newQueue(broker, 'a', { arguments: { messageTtlMs: 100, deadLetterExchange: dlx, deadLetterRoutingKey: 'to-b' } });
    const b = await newQueue(broker, 'b', { arguments: { messageTtlMs: 100, deadLetterExchange: dlx, deadLetterRoutingKey: 'to-a' } });
    await broker.bind({ source: dlx, destination: a, routingKey: 'to-a' });
    await broker.bind({ source: dlx, destination: b, routingKey: 'to-b' });
    await send(broker, a, 'm');
    await engine.advance(100);
    expect(counts(broker, b).ready).toBe(1);
    await engine.advance(100);
    expect(counts(broker, a).messages + counts(broker, b).messages).toBe(0);
  });

  it('the cycle cut applies only to the queue that closes the loop; other targets still get it', async () => {
    const { broker } = engine;
    const dlx = unique('fan');
    await broker.declareExchange(dlx, { type: 'fanout' });
    const name = unique('self');
    await broker.declareQueue(name, { arguments: { messageTtlMs: 100, deadLetterExchange: dlx } });
    const audit = await newQueue(broker, 'audit');
    await broker.bind({ source: dlx, destination: name });
    await broker.bind({ source: dlx, destination: audit });
    await send(broker, name, 'm');
    await engine.advance(100);
    expect(counts(broker, name).messages).toBe(0);
    expect(bodies(await receiveAll(broker, audit))).toEqual(['m']);
  });

  it('a loop closed by rejections continues, counting each death', async () => {
    const { broker } = engine;
    const name = unique('self');
    await broker.declareQueue(name, { arguments: { deadLetterExchange: '', deadLetterRoutingKey: name } });
    await send(broker, name, 'm');
    await reject(broker, name);
    await reject(broker, name);
    await reject(broker, name);
    const [again] = await receiveAll(broker, name);
    expect(again).toMatchObject({ redelivered: false, deliveryCount: 1 });
    expect(deathsOf(again)).toEqual([expect.objectContaining({ queue: name, reason: 'rejected', count: 3, exchange: '', 'routing-keys': [name] })]);
  });

  it('a rejection since the last automatic death keeps the loop going', async () => {
    const { broker } = engine;
    const dlx = unique('loop');
    await broker.declareExchange(dlx, { type: 'direct' });
    // a expires into b; b's consumer rejects back into a.
    const a = await newQueue(broker, 'a', { arguments: { messageTtlMs: 100, deadLetterExchange: dlx, deadLetterRoutingKey: 'to-b' } });
    const b = await newQueue(broker, 'b', { arguments: { deadLetterExchange: dlx, deadLetterRoutingKey: 'to-a' } });
    await broker.bind({ source: dlx, destination: a, routingKey: 'to-a' });
    await broker.bind({ source: dlx, destination: b, routingKey: 'to-b' });
    await send(broker, a, 'm');
    await engine.advance(100);
    await reject(broker, b);
    expect(counts(broker, a).ready).toBe(1);
    await engine.advance(100);
    const [inB] = await receiveAll(broker, b);
    expect(deathsOf(inB).map((d) => [d.queue, d.reason, d.count])).toEqual([
      [a, 'expired', 2],
      [b, 'rejected', 1],
    ]);
  });

  it('an automatic death after a rejection in the same queue closes the loop again', async () => {
    const { broker } = engine;
    const name = unique('self');
    await broker.declareQueue(name, { arguments: { messageTtlMs: 1000, deadLetterExchange: '', deadLetterRoutingKey: name } });
    await send(broker, name, 'm');
    await reject(broker, name);
    expect(counts(broker, name).ready).toBe(1);
    await engine.advance(1000);
    expect(counts(broker, name).messages).toBe(0);
  });

  it('delivery_limit and maxlen deaths into the same queue are cycles too', async () => {
    const { broker } = engine;
    const limited = unique('limited');
    await broker.declareQueue(limited, { arguments: { deliveryLimit: 1, deadLetterExchange: '', deadLetterRoutingKey: limited } });
    await send(broker, limited, 'm');
    const [out] = await receiveAll(broker, limited);
    await broker.nack(limited, [out.deliveryTag], true);
    expect(counts(broker, limited).messages).toBe(0);

    const full = unique('full');
    await broker.declareQueue(full, { arguments: { maxLength: 1, deadLetterExchange: '', deadLetterRoutingKey: full } });
    await send(broker, full, 'm1');
    await send(broker, full, 'm2');
    expect(bodies(await receiveAll(broker, full))).toEqual(['m2']);
  });
});
