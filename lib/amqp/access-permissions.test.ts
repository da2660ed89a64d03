/**
 * Permissions on every channel operation, with RabbitMQ 3.10's reply texts (checked against a real RabbitMQ): a user
 * whose patterns admit `orders.*` only, a read-only API key, and decisions that follow permission changes at once.
 */
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startAmqp, uniqueName, type AmqpFixture } from './test-support/amqp-fixture';

const PASSWORD = 'orders-secret-4';
const ORDERS = { configure: '^orders.*', write: '^orders.*', read: '^orders.*' };

let fixture: AmqpFixture;
let vhost: string;
let user: string;
let model: ChannelModel;

beforeAll(async () => {
  fixture = await startAmqp();
  vhost = uniqueName('shop');
  user = uniqueName('orders-app');
  await fixture.addVhost(vhost);
  await fixture.addUser(user, PASSWORD, [{ vhost, ...ORDERS }]);
  model = await amqp.connect(fixture.urlFor(user, PASSWORD, vhost));
  model.on('error', () => undefined);
});

afterAll(async () => {
  await model?.close().catch(() => undefined);
  await fixture?.cleanup();
});

async function channel(on: ChannelModel = model): Promise<Channel> {
  const ch = await on.createChannel();
  ch.on('error', () => undefined);
  return ch;
}

const refused = (kind: 'queue' | 'exchange', name: string, who = user) => `ACCESS_REFUSED - access to ${kind} '${name}' in vhost '${vhost}' refused for user '${who}'`;

/** The reply an operation fails with; publishes fail by closing their channel. */
async function failure(operation: (ch: Channel) => Promise<unknown> | void, on?: ChannelModel): Promise<{ code: number; message: string }> {
  const ch = await channel(on);
  const closed = new Promise<{ code: number; message: string }>((resolve) => ch.once('error', resolve));
  try {
    await operation(ch);
  } catch {
    // the channel's close carries the reply
  }
  return closed;
}

describe("a user whose patterns admit 'orders.*'", () => {
  it('declares, binds, publishes, consumes, gets, purges and deletes orders.*', async () => {
    const ch = await channel();
    const queue = uniqueName('orders.q');
    const exchange = uniqueName('orders.x');
    await ch.assertExchange(exchange, 'topic');
    await ch.assertQueue(queue, { deadLetterExchange: exchange });
    await ch.bindQueue(queue, exchange, 'created');
    ch.publish(exchange, 'created', Buffer.from('one'));
    ch.publish(exchange, 'created', Buffer.from('two'));
    ch.publish(exchange, 'created', Buffer.from('three'));
    const got = await eventually(() => ch.get(queue, { noAck: true }));
    expect(got && got.content.toString()).toBe('one');
    const seen: string[] = [];
    const { consumerTag } = await ch.consume(queue, (m) => m && seen.push(m.content.toString()), { noAck: true });
    await eventually(() => seen.length === 2);
    await ch.cancel(consumerTag);
    ch.publish(exchange, 'created', Buffer.from('four'));
    await eventually(() => fixture.brokers.get(vhost).getQueue(queue).messagesReady === 1);
    expect((await ch.purgeQueue(queue)).messageCount).toBe(1);
    await ch.unbindQueue(queue, exchange, 'created');
    await ch.deleteQueue(queue);
    await ch.deleteExchange(exchange);

    const mine = fixture.audit.filter((entry) => entry.user === user && entry.vhost === vhost && entry.outcome === 'ok').map((entry) => entry.action);
    expect(mine).toEqual(expect.arrayContaining(['exchange.declare', 'queue.declare', 'queue.bind', 'queue.unbind', 'queue.purge', 'queue.delete', 'exchange.delete']));
    expect(fixture.audit.find((entry) => entry.action === 'queue.purge' && entry.resource === `queue '${queue}'`)).toMatchObject({ affected: 1, protocol: 'amqp' });
    expect(fixture.audit.some((entry) => entry.action === 'basic.publish' || entry.action === 'basic.get')).toBe(false);
  });

  it('is refused anything else with 403 and RabbitMQ’s text, and each refusal is audited', async () => {
    const other = uniqueName('other.q');
    expect(await failure((ch) => ch.assertQueue(other))).toMatchObject({ code: 403, message: expect.stringContaining(refused('queue', other)) });
    const otherX = uniqueName('other.x');
    expect((await failure((ch) => ch.assertExchange(otherX, 'topic'))).message).toContain(refused('exchange', otherX));
    // Permission comes before existence: a missing queue is refused, not 404.
    expect((await failure((ch) => ch.consume(other, () => undefined))).message).toContain(refused('queue', other));
    expect((await failure((ch) => ch.get(other))).message).toContain(refused('queue', other));
    expect((await failure((ch) => ch.purgeQueue(other))).message).toContain(refused('queue', other));
    expect((await failure((ch) => ch.deleteQueue(other))).message).toContain(refused('queue', other));
    expect((await failure((ch) => ch.deleteExchange(otherX))).message).toContain(refused('exchange', otherX));
    const denied = fixture.audit.find((entry) => entry.action === 'queue.declare' && entry.outcome === 'denied' && entry.resource === `queue '${other}'`);
    expect(denied).toMatchObject({ user, vhost, protocol: 'amqp', detail: { reason: refused('queue', other), permission: 'configure' } });
  });

  it('publishing to the default exchange needs write on amq.default', async () => {
    const queue = uniqueName('orders.direct');
    await (await channel()).assertQueue(queue);
    const closed = await failure((ch) => void ch.sendToQueue(queue, Buffer.from('x')));
    expect(closed).toMatchObject({ code: 403, message: expect.stringContaining(refused('exchange', 'amq.default')) });
    expect(fixture.audit.find((entry) => entry.action === 'basic.publish' && entry.user === user)).toMatchObject({ outcome: 'denied', resource: "exchange 'amq.default'" });
  });

  it('binding needs write on the destination and read on the source (amq.topic is not readable)', async () => {
    const queue = uniqueName('orders.bound');
    const exchange = uniqueName('orders.x');
    const ch = await channel();
    await ch.assertQueue(queue);
    await ch.assertExchange(exchange, 'topic');
    expect((await failure((c) => c.bindQueue(queue, 'amq.topic', 'k'))).message).toContain(refused('exchange', 'amq.topic'));
    expect((await failure((c) => c.bindExchange(exchange, 'amq.topic', 'k'))).message).toContain(refused('exchange', 'amq.topic'));
    const stranger = uniqueName('other.q');
    expect((await failure((c) => c.bindQueue(stranger, exchange, 'k'))).message).toContain(refused('queue', stranger));
    expect((await failure((c) => c.bindQueue(queue, '', 'k'))).message).toContain('ACCESS_REFUSED - operation not permitted on the default exchange');
  });

  it('a dead-letter or alternate exchange needs write on it', async () => {
    const otherX = uniqueName('other.dlx');
    expect((await failure((ch) => ch.assertQueue(uniqueName('orders.dl'), { deadLetterExchange: otherX }))).message).toContain(refused('exchange', otherX));
    expect((await failure((ch) => ch.assertQueue(uniqueName('orders.dl'), { deadLetterExchange: '' }))).message).toContain(refused('exchange', 'amq.default'));
    expect((await failure((ch) => ch.assertExchange(uniqueName('orders.ae'), 'topic', { alternateExchange: otherX }))).message).toContain(refused('exchange', otherX));
  });

  it('passive declares need no permission; the default exchange and system exchanges keep RabbitMQ’s own refusals', async () => {
    const admins = uniqueName('admins-only');
    await fixture.brokers.get(vhost).declareQueue(admins);
    expect(await (await channel()).checkQueue(admins)).toMatchObject({ queue: admins });
    await (await channel()).checkExchange('amq.topic');
    expect((await failure((ch) => ch.assertExchange('', 'direct'))).message).toContain('ACCESS_REFUSED - operation not permitted on the default exchange');
    expect((await failure((ch) => ch.deleteExchange('amq.topic'))).message).toContain(`ACCESS_REFUSED - deletion of system exchange 'amq.topic' in vhost '${vhost}' not allowed`);
    expect((await failure((ch) => ch.assertQueue('amq.mine'))).message).toContain("ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'");
  });
});

describe('a read-only API key', () => {
  it('may only look: passive declares work, everything else is refused', async () => {
    const reader = uniqueName('reader');
    await fixture.addUser(reader, PASSWORD, [{ vhost, configure: '.*', write: '.*', read: '.*' }]);
    const { secret } = await fixture.access.directory.createApiKey(reader, { name: 'dashboard', readOnly: true }, Date.now());
    const readOnly = await amqp.connect(fixture.urlFor(reader, secret, vhost));
    readOnly.on('error', () => undefined);
    const queue = uniqueName('watched');
    await fixture.brokers.get(vhost).declareQueue(queue);
    expect(await (await channel(readOnly)).checkQueue(queue)).toMatchObject({ queue });
    const refusal = "ACCESS_REFUSED - API key 'dashboard' is read-only: this action is refused";
    expect((await failure((ch) => ch.assertQueue(uniqueName('new')), readOnly)).message).toContain(refusal);
    expect((await failure((ch) => ch.consume(queue, () => undefined), readOnly)).message).toContain(refusal);
    expect((await failure((ch) => ch.get(queue), readOnly)).message).toContain(refusal);
    expect((await failure((ch) => ch.purgeQueue(queue), readOnly)).message).toContain(refusal);
    expect((await failure((ch) => void ch.sendToQueue(queue, Buffer.from('x')), readOnly)).message).toContain(refusal);
    await readOnly.close();
  });
});

describe('the per-connection cache of decisions', () => {
  it('follows a permission change on a live connection at once, both ways', async () => {
    const who = uniqueName('changing');
    await fixture.addUser(who, PASSWORD, [{ vhost, ...ORDERS }]);
    const live = await amqp.connect(fixture.urlFor(who, PASSWORD, vhost));
    live.on('error', () => undefined);
    const exchange = uniqueName('orders.events');
    const ch = await channel(live);
    await ch.assertExchange(exchange, 'fanout');
    ch.publish(exchange, '', Buffer.from('allowed and now cached'));
    await ch.assertQueue(uniqueName('orders.before'));

    await fixture.access.directory.setPermission({ user: who, vhost, configure: '^billing.*', write: '^billing.*', read: '^billing.*' });
    const queue = uniqueName('orders.after');
    expect((await failure((c) => c.assertQueue(queue), live)).message).toContain(refused('queue', queue, who));
    const publisher = await channel(live);
    const closed = new Promise<{ message: string }>((resolve) => publisher.once('error', resolve));
    publisher.publish(exchange, '', Buffer.from('no longer allowed'));
    expect((await closed).message).toContain(refused('exchange', exchange, who));

    await fixture.access.directory.setPermission({ user: who, vhost, ...ORDERS });
    await (await channel(live)).assertQueue(queue);
    await live.close();
  });
});
