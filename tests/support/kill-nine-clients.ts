/**
 * @module The clients of the kill -9 tests: a publisher with confirms and a consumer that acks, each running until
 * the server under it dies, and a final drain; with the tally of what was confirmed and which acks the server is known
 * to have stored. Each takes several AMQP addresses and uses the first that lets it in (a standby refuses with 320),
 * as a client of an active/standby pair would.
 */
import amqp from 'amqplib';

export const QUEUE = 'kill-nine';
const MARKERS = 'kill-nine-markers';

/** The first of `urls` that accepts a connection (a standby refuses; a dead process does not answer). */
export async function connectAny(urls: readonly string[]): Promise<amqp.ChannelModel> {
  let last: unknown;
  for (const url of urls) {
    try {
      return await amqp.connect(url);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

export function newTally(): Tally {
  return { confirmed: new Set(), acked: new Set(), unsure: new Set(), ackedBack: [], delivered: new Set() };
}

export interface Tally {
  confirmed: Set<string>;
  /** Acks the server is known to have stored: a publish confirmed after them on the same channel covers them. */
  acked: Set<string>;
  /** Acks sent but not known stored when the server died: those messages may rightly come again, or be gone. */
  unsure: Set<string>;
  /** Ids in `acked` that were delivered again later: each is an acked message that came back. */
  ackedBack: string[];
  /** Every id the consumer was handed (for the failure message). */
  delivered: Set<string>;
}



/** Publishes with confirms until the connection dies; confirmed ids go into the tally. */
export async function publishUntilGone(urls: readonly string[], tally: Tally, next: () => string, stops: (() => void)[]): Promise<void> {
  let stopped = false;
  stops.push(() => void (stopped = true));
  try {
    const connection = await connectAny(urls);
    connection.on('error', () => undefined);
    connection.on('close', () => void (stopped = true));
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertQueue(QUEUE, { durable: true });
    while (!stopped) {
      const batch = Array.from({ length: 20 }, next);
      const outcomes = await Promise.allSettled(
        batch.map(
          (id) =>
            new Promise<void>((resolve, reject) =>
              channel.publish('', QUEUE, Buffer.from(id), { messageId: id, persistent: true }, (error) => (error ? reject(error) : resolve())),
            ).then(() => void tally.confirmed.add(id)),
        ),
      );
      if (outcomes.every((outcome) => outcome.status === 'rejected')) return;
    }
  } catch {
    // the server went away
  }
}

/**
 * Consumes and acks until the connection dies. AMQP acks have no answer, so every 50 ms the consumer publishes a
 * marker on its own confirm channel: its confirm means everything the server took before it, acks included, is
 * stored (confirms wait for the group commit that holds all earlier writes).
 */
export async function consumeUntilGone(urls: readonly string[], tally: Tally, stops: (() => void)[]): Promise<void> {
  let sent: string[] = [];
  let finished = false;
  let alive = true;
  let end: () => void = () => undefined;
  stops.push(() => end());
  try {
    const connection = await connectAny(urls);
    const gone = new Promise<void>((resolve) => {
      end = resolve;
      connection.on('close', () => resolve());
      connection.on('error', () => resolve());
    }).then(() => void (alive = false));
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertQueue(QUEUE, { durable: true });
    await channel.assertQueue(MARKERS, { durable: false });
    await channel.prefetch(50);
    await channel.consume(QUEUE, (message) => {
      if (!message) return;
      const id = message.properties.messageId as string;
      tally.delivered.add(id);
      if (tally.acked.has(id)) tally.ackedBack.push(id);
      try {
        channel.ack(message);
      } catch {
        // The channel is closed: this ack never went out, so the message may rightly come again.
        return;
      }
      // A delivery read from the socket after the connection was seen to close still counts: its ack may have gone.
      if (finished) tally.unsure.add(id);
      else sent.push(id);
    });
    while (alive) {
      const covered = sent;
      sent = [];
      const stored = await new Promise<boolean>((resolve) => {
        void gone.then(() => resolve(false));
        try {
          channel.publish('', MARKERS, Buffer.from('marker'), {}, (error) => resolve(!error));
        } catch {
          resolve(false);
        }
      });
      for (const id of covered) (stored ? tally.acked : tally.unsure).add(id);
      if (!stored) break;
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    await gone;
  } catch {
    // the server went away
  }
  finished = true;
  for (const id of sent) tally.unsure.add(id);
}

/** Reads everything left in the queue (acking it), until it stays empty. */
export async function drainAll(urls: readonly string[], tally: Tally): Promise<Set<string>> {
  const connection = await connectAny(urls);
  const channel = await connection.createChannel();
  const left = new Set<string>();
  for (;;) {
    const message = await channel.get(QUEUE, { noAck: false });
    if (!message) {
      // Recovered messages are paged in from the store: empty only counts once the queue says so too.
      if ((await channel.checkQueue(QUEUE)).messageCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const id = message.properties.messageId as string;
    if (tally.acked.has(id)) tally.ackedBack.push(id);
    left.add(id);
    channel.ack(message);
  }
  await connection.close();
  return left;
}

/** Confirmed messages that were neither acked (surely or maybe) nor left in the queue at the end. */
export function lostMessages(tally: Tally, left: Set<string>): string[] {
  return [...tally.confirmed].filter((id) => !tally.acked.has(id) && !tally.unsure.has(id) && !left.has(id));
}
