/**
 * @module One pass of a dead-letter replay on an attached RabbitMQ cluster, over one confirm channel:
 *  - the dead-letter queue is consumed with manual acks (a prefetch of PREFETCH_AHEAD beyond what the pass holds);
 *  - one that goes is published to its destination (mandatory, with a publisher confirm; up to CONFIRM_WINDOW in
 *    flight), and acked only after its confirm, so a message is never lost: a crash or a lost connection between the
 *    confirm and the ack is the only way to a duplicate (lib/rabbitmq/acks-in-doubt.ts keeps it from being counted
 *    twice);
 *  - one that stays (not matched, skipped, failed) is held unacked until the pass ends, then one nack of them all
 *    gives every held message back in its place, so the pass never meets the same message twice. (Closing the
 *    channel would give them back too, but a quorum queue would take them back in no particular order.)
 * A pass moves at most what is left of the job's total, the messages counted when it started, and ends when no
 * message came for QUIET_MS and the queue has none ready (or none came for LAST_WAIT_MS: a quorum queue's count may
 * lag). (basic.get would read one message per round trip, and on a quorum queue each get waits for a log commit.)
 */
import type { ConfirmChannel, Message, Options } from 'amqplib';
import { readDeaths } from '../engine/dead-letter';
import { REDRIVE_COUNT_HEADER, type ReplaySpec } from '../engine/jobs/job';
import { redriveCount, replayMatches, sourceOf } from '../engine/jobs/replay-filter';
import type { FieldTable, MessageProperties } from '../engine/types';
import { fingerprintOfDelivery, type AcksInDoubt } from './acks-in-doubt';
import { CONFIRM_WINDOW, ConfirmWindow } from './confirm-window';
import { DeliveryQueue } from './delivery-queue';
import { fromAmqpProperties } from './rabbitmq-browse';

/** Most messages one pass holds back (left in place, unacked) before it stops: they are in the client's memory. */
export const REPLAY_HOLD_LIMIT = 10_000;

export interface PassCounters {
  done: number;
  skipped: number;
  failed: number;
}

export interface PassControl {
  /** Asked before each message: false ends the pass (pause, cancel). */
  keepGoing(): boolean;
  /** Most messages this pass may move (what is left of the job's total). */
  moveBudget: number;
  /** Waits for the rate's next slot; resolves early when the job stops. */
  pace(): Promise<void>;
  /** Told after each message. */
  progress(counters: PassCounters): void;
  /** The job's acks not yet known to have arrived, kept from one pass to the next. */
  acksInDoubt: AcksInDoubt;
}

export type PassEnd = 'finished' | 'stopped' | 'hold_full';

/** Deliveries the consumer may have beyond those the pass holds: enough to keep the confirm window full. */
export const PREFETCH_AHEAD = 2 * CONFIRM_WINDOW;
const QUIET_MS = 250;
const LAST_WAIT_MS = 5000;

interface Taken {
  message: Message;
  properties: MessageProperties;
}

const take = (message: Message): Taken => ({ message, properties: fromAmqpProperties(message.properties) });

/** A message as the replay filter reads it: RabbitMQ keeps no id or arrival time, so they come from the message. */
function asFilterable({ message, properties }: Taken) {
  const newest = readDeaths(properties.headers)[0];
  // Waiting in the dead-letter queue since it died (x-death's time, in seconds), else since it was published.
  const publishedAt = typeof newest?.time === 'number' ? newest.time * 1000 : (properties.timestamp ?? 0);
  return { seq: 0, messageId: properties.messageId ?? '', publishedAt, properties, content: message.content };
}

/** Counts what a replay would take now and the exchanges "source" would send to, holding each message until the end. */
export function scanDeadLetters(channel: ConfirmChannel, queue: string, spec: ReplaySpec) {
  return givingBack(channel, () => scanHolding(channel, queue, spec));
}

async function scanHolding(channel: ConfirmChannel, queue: string, spec: ReplaySpec): Promise<{ count: number; sourceExchanges: string[]; complete: boolean }> {
  await channel.checkQueue(queue);
  const exchanges = new Set<string>();
  let count = 0;
  let complete = false;
  for (let read = 0; read < REPLAY_HOLD_LIMIT; read += 1) {
    const got = await channel.get(queue, { noAck: false });
    if (got === false) {
      complete = true;
      break;
    }
    const taken = take(got);
    if (!replayMatches(spec, asFilterable(taken))) continue;
    count += 1;
    const origin = sourceOf(asFilterable(taken));
    if (origin) exchanges.add(origin.exchange);
  }
  return { count, sourceExchanges: [...exchanges].sort(), complete };
}

/** Runs one pass and gives back every message it held. */
export async function runReplayPass(channel: ConfirmChannel, queue: string, spec: ReplaySpec, username: string, control: PassControl): Promise<PassEnd> {
  const { acksInDoubt } = control;
  try {
    const end = await givingBack(channel, () => passHolding(channel, queue, spec, username, control));
    // A round trip after the last ack (any would do; basic.qos cannot fail on the queue): the channel handled every
    // frame before it, so no ack of this pass is in doubt.
    await channel.prefetch(0);
    acksInDoubt.passProven();
    if (end === 'finished') acksInDoubt.queueDrained();
    return end;
  } catch (error) {
    acksInDoubt.passBroken();
    throw error;
  }
}

/** Runs `work`, then nacks every message still unacked on the channel, in their order, back to their queue. */
async function givingBack<T>(channel: ConfirmChannel, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    try {
      channel.nackAll(true);
    } catch {
      // The channel is gone, and with it the hold: RabbitMQ has them back already.
    }
  }
}

async function passHolding(channel: ConfirmChannel, queue: string, spec: ReplaySpec, username: string, control: PassControl): Promise<PassEnd> {
  await channel.checkQueue(queue);
  const counters: PassCounters = { done: 0, skipped: 0, failed: 0 };
  const window = new ConfirmWindow(channel);
  let held = 0;
  // Held messages count against the prefetch: it grows with them, so the consumer never stalls on its own hold.
  let prefetch = 0;
  const roomAhead = async () => {
    if (held + PREFETCH_AHEAD / 2 < prefetch) return;
    prefetch = held + PREFETCH_AHEAD;
    await channel.prefetch(prefetch);
  };
  const hold = async () => {
    held += 1;
    await roomAhead();
  };
  // Messages in flight again because an ack of theirs may have been lost: moved already, so not counted again.
  let movingAgain = 0;
  const settle = (got: Message, fingerprint: string, again: boolean) => (delivered: boolean) => {
    if (again) movingAgain -= 1;
    const ackSent = delivered && acked(channel, got);
    if (again && !ackSent) control.acksInDoubt.giveBackMatch(fingerprint);
    if (ackSent) {
      control.acksInDoubt.recordAck(fingerprint);
      if (!again) counters.done += 1;
    } else if (delivered) {
      // Confirmed, but the channel went before the ack: the cluster gives the message back to the dead-letter
      // queue, and the next pass replays it again (the one way to a duplicate besides a crash there).
      return;
    } else {
      // Nowhere to go (no route) or refused (a full reject-publish queue): it stays where it is.
      counters.failed += 1;
      void hold().catch(() => undefined);
    }
    control.progress(counters);
  };
  await roomAhead();
  const deliveries = new DeliveryQueue();
  const { consumerTag } = await channel.consume(queue, deliveries.push, { noAck: false });
  let quietSince: number | undefined;
  try {
    for (;;) {
      if (!control.keepGoing() || counters.done + window.inFlight - movingAgain >= control.moveBudget) return 'stopped';
      if (held >= REPLAY_HOLD_LIMIT) return 'hold_full';
      const got = await deliveries.next(QUIET_MS);
      if (got === null) throw new Error(`The cluster cancelled the consumer of queue '${queue}' (was it deleted?)`);
      if (got === 'quiet') {
        quietSince ??= Date.now();
        if (window.inFlight === 0 && (Date.now() - quietSince >= LAST_WAIT_MS || (await channel.checkQueue(queue)).messageCount === 0)) return 'finished';
        continue;
      }
      quietSince = undefined;
      const taken = take(got);
      const filterable = asFilterable(taken);
      if (!replayMatches(spec, filterable)) {
        await hold();
        continue;
      }
      const redrives = redriveCount(filterable);
      const target = redrives + 1 > spec.maxRedrives ? undefined : destinationOf(spec, filterable);
      if (!target) {
        if (redrives + 1 > spec.maxRedrives) counters.skipped += 1;
        else counters.failed += 1;
        await hold();
        control.progress(counters);
        continue;
      }
      const fingerprint = fingerprintOfDelivery(got);
      const again = got.fields.redelivered && control.acksInDoubt.takeMatch(fingerprint);
      if (again) movingAgain += 1;
      await control.pace();
      await window.publish(target.exchange, target.routingKey, taken.message.content, publishOptions(taken.message, redrives + 1, username, target.cc), settle(got, fingerprint, again));
    }
  } finally {
    // No more deliveries; every publish in flight settled (acked, or held) before the pass gives back what it holds.
    await channel.cancel(consumerTag).catch(() => undefined);
    await window.drain();
  }
}

/** Acks `got`; false when the channel is gone (the message is back in its queue then). */
function acked(channel: ConfirmChannel, got: Message): boolean {
  try {
    channel.ack(got);
    return true;
  } catch {
    return false;
  }
}

interface Target {
  exchange: string;
  routingKey: string;
  cc: string[];
}

function destinationOf(spec: ReplaySpec, message: ReturnType<typeof asFilterable>): Target | undefined {
  if (spec.to !== 'source') {
    return 'queue' in spec.to ? { exchange: '', routingKey: spec.to.queue, cc: [] } : { exchange: spec.to.exchange, routingKey: spec.to.routingKey, cc: [] };
  }
  const origin = sourceOf(message);
  if (!origin || origin.routingKeys.length === 0) return undefined;
  if (spec.sourceExchanges && !spec.sourceExchanges.includes(origin.exchange)) return undefined;
  const [routingKey, ...cc] = origin.routingKeys;
  return { exchange: origin.exchange, routingKey, cc };
}

/**
 * The message's own properties as amqplib read them, with `x-redrive-count`, and x-death's counters kept in the
 * AMQP type RabbitMQ wrote them in: amqplib reads a long as a plain number and would write it back as the smallest
 * integer type that holds it. (Its times it reads as typed timestamps, and writes them back so.)
 */
function publishOptions(message: Message, redrives: number, username: string, cc: string[]): Options.Publish {
  const { headers, userId, ...rest } = message.properties as Options.Publish & { headers?: FieldTable };
  const kept: Options.Publish = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (kept as Record<string, unknown>)[key] = value;
  const deaths = readDeaths(headers).map((entry) => ({
    ...entry,
    ...(typeof entry.count === 'number' ? { count: { '!': 'long', value: entry.count } } : {}),
  }));
  return {
    ...kept,
    // RabbitMQ refuses a user-id that is not the publishing user's; another user's stays only in the x-death history.
    ...(userId === username ? { userId } : {}),
    headers: { ...headers, ...(deaths.length > 0 ? { 'x-death': deaths } : {}), [REDRIVE_COUNT_HEADER]: redrives },
    ...(cc.length > 0 ? { CC: cc } : {}),
    mandatory: true,
  };
}
