/**
 * Our reply codes and texts for queue types and redeclares, next to RabbitMQ's own when a node is at hand
 * (`AMQP_PEER_URL`, e.g. amqp://guest:guest@127.0.0.1:5672): the same declares on both, the same answers.
 */
import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmqp, type AmqpFixture } from './test-support/amqp-fixture';

const PEER = process.env.AMQP_PEER_URL;

let server: AmqpFixture;
let ours: ChannelModel;
let peer: ChannelModel | undefined;
beforeAll(async () => {
  server = await startAmqp();
  ours = await amqp.connect(server.url);
  if (PEER) peer = await amqp.connect(PEER);
});
afterAll(async () => {
  await ours?.close();
  await peer?.close();
  await server?.cleanup();
});

type Step = [queue: string, options: amqp.Options.AssertQueue];

/** Runs the declares in order; answers "ok" or the refusal's code and text (the name made generic) for each. */
async function answers(connection: ChannelModel, steps: Step[], suffix: string): Promise<string[]> {
  const results: string[] = [];
  for (const [queue, options] of steps) {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(`${queue}-${suffix}`, options);
      await channel.close();
      results.push('ok');
    } catch (error) {
      const text = /with message "(.*)"$/s.exec((error as Error).message)?.[1] ?? '';
      results.push(`${(error as { code: number }).code} ${text.replaceAll(`-${suffix}`, '')}`);
    }
  }
  const cleanup = await connection.createChannel();
  // Deleting a queue that is not there is fine (RabbitMQ since 3.2).
  for (const queue of new Set(steps.map(([queue]) => queue))) await cleanup.deleteQueue(`${queue}-${suffix}`);
  await cleanup.close();
  return results;
}

const STEPS: Step[] = [
  ['rules-unknown', { durable: true, arguments: { 'x-queue-type': 'foo' } }],
  ['rules-qq', { durable: false, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-qq', { durable: true, exclusive: true, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-qq', { durable: true, autoDelete: true, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-qq', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } }],
  ['rules-qq', { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-queue-mode': 'lazy' } }],
  ['rules-qq', { durable: true, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-qq', { durable: true, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-qq', { durable: true }],
  ['rules-qq', { durable: false, arguments: { 'x-queue-type': 'quorum' } }],
  ['rules-cq', { durable: true }],
  ['rules-cq', { durable: false }],
  ['rules-cq', { durable: true, autoDelete: true }],
  ['rules-cq', { durable: true, arguments: { 'x-expires': 0 } }],
  ['rules-bad', { durable: true, arguments: { 'x-expires': 0 } }],
  ['rules-bad', { durable: true, arguments: { 'x-max-priority': 256 } }],
  ['rules-bad', { durable: true, arguments: { 'x-max-length': -1 } }],
  ['rules-bad', { durable: true, arguments: { 'x-overflow': 'bogus' } }],
];

/** Ours, as they must be; RabbitMQ 3.10 answers the same (checked below when AMQP_PEER_URL is set). */
const EXPECTED = [
  `406 PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue 'rules-unknown' in vhost '/': "unsupported queue type 'foo'"`,
  `406 PRECONDITION_FAILED - invalid property 'non-durable' for queue 'rules-qq' in vhost '/'`,
  `406 PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 'rules-qq' in vhost '/'`,
  `406 PRECONDITION_FAILED - invalid property 'auto-delete' for queue 'rules-qq' in vhost '/'`,
  `406 PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'rules-qq' in vhost '/' of queue type rabbit_quorum_queue`,
  `406 PRECONDITION_FAILED - invalid arg 'x-queue-mode' for queue 'rules-qq' in vhost '/' of queue type rabbit_quorum_queue`,
  'ok',
  'ok',
  `406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'rules-qq' in vhost '/': received none but current is the value 'quorum' of type 'longstr'`,
  `406 PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'rules-qq' in vhost '/': received 'false' but current is 'true'`,
  'ok',
  `406 PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'rules-cq' in vhost '/': received 'false' but current is 'true'`,
  `406 PRECONDITION_FAILED - inequivalent arg 'auto_delete' for queue 'rules-cq' in vhost '/': received 'true' but current is 'false'`,
  // A redeclare is compared before its values are judged (RabbitMQ says 'byte' for amqplib's small integers).
  `406 PRECONDITION_FAILED - inequivalent arg 'x-expires' for queue 'rules-cq' in vhost '/': received the value '0' of type 'long' but current is none`,
  `406 PRECONDITION_FAILED - invalid arg 'x-expires' for queue 'rules-bad' in vhost '/': {value_zero,0}`,
  `406 PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'rules-bad' in vhost '/': {max_value_exceeded,256}`,
  `406 PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'rules-bad' in vhost '/': {value_negative,-1}`,
  `406 PRECONDITION_FAILED - invalid arg 'x-overflow' for queue 'rules-bad' in vhost '/': invalid_overflow`,
];

describe('queue types and redeclares over AMQP', () => {
  it('answer with RabbitMQ codes and texts', async () => {
    expect(await answers(ours, STEPS, randomUUID().slice(0, 8))).toEqual(EXPECTED);
  });

  it.runIf(PEER)('answer as the RabbitMQ node at AMQP_PEER_URL does', async () => {
    const suffix = randomUUID().slice(0, 8);
    // The engine keeps no AMQP wire type: RabbitMQ names amqplib's small integers 'byte', we say 'long'.
    const wireTypeless = (texts: string[]) => texts.map((text) => text.replace(/of type '(byte|short|signedint|long)'/g, "of type '<integer>'"));
    expect(wireTypeless(await answers(ours, STEPS, suffix))).toEqual(wireTypeless(await answers(peer!, STEPS, suffix)));
  });
});
