/**
 * @module An active and a standby Switchboard on one PostgreSQL, with a publisher (confirms) and a consumer (acks)
 * that take either address, and the active process killed with SIGKILL at random moments, round after round. Each
 * takeover is timed from the kill to the standby's `/health/ready` answering 200; the killed process is started again
 * (it comes back as the standby). Used by tests/api/standby-takeover.test.ts and `npm run bench takeover`.
 */
import { killNine, roleOf, startBarePeer, type BareProcess } from './bare-process';
import { consumeUntilGone, drainAll, newTally, publishUntilGone, type Tally } from './kill-nine-clients';

export interface TakeoverRun {
  tally: Tally;
  /** What was left in the queue at the end (drained and acked). */
  left: Set<string>;
  /** Per round: SIGKILL of the active to the standby ready (ms). */
  takeoversMs: number[];
}

export async function runTakeoverRounds(options: {
  databaseUrl: string;
  token: string;
  rounds: number;
  /** The processes running now, for the caller's cleanup whatever happens. */
  peers: BareProcess[];
  log?: (line: string) => void;
}): Promise<TakeoverRun> {
  const { databaseUrl, token, rounds, peers } = options;
  const log = options.log ?? (() => undefined);
  const tally = newTally();
  const takeoversMs: number[] = [];
  let counter = 0;
  const next = () => `m-${++counter}`;
  const stops: (() => void)[] = [];
  // The first process becomes active; the second, started once it is, stands by.
  peers.push(await startBarePeer(databaseUrl, token));
  peers.push(await startBarePeer(databaseUrl, token));
  const addresses = () => peers.map((peer) => peer.amqpUrl);
  for (let round = 0; round < rounds; round++) {
    const active = await activeOf(peers);
    const running = [publishUntilGone(addresses(), tally, next, stops), consumeUntilGone(addresses(), tally, stops)];
    // A random moment under load: 300 to 1,300 ms after the clients started.
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1000));
    const killedAt = performance.now();
    await killNine(active);
    const standby = peers.find((peer) => peer !== active)!;
    await untilReady(standby);
    takeoversMs.push(Math.round(performance.now() - killedAt));
    log(`round ${round + 1}: took over in ${takeoversMs.at(-1)} ms; ${tally.confirmed.size} confirmed, ${tally.acked.size} acked so far`);
    // Clients hear of the death through their sockets; a confirm that never comes stays unconfirmed.
    await Promise.race([Promise.allSettled(running), new Promise((resolve) => setTimeout(resolve, 2000))]);
    for (const stop of stops.splice(0)) stop();
    // The killed process comes back, as its supervisor would start it: now the standby.
    peers.splice(peers.indexOf(active), 1, await startBarePeer(databaseUrl, token));
  }
  const left = await drainAll(addresses(), tally);
  return { tally, left, takeoversMs };
}

async function activeOf(peers: BareProcess[]): Promise<BareProcess> {
  for (let attempt = 0; attempt < 400; attempt++) {
    for (const peer of peers) if ((await roleOf(peer)) === 'active') return peer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no process became active:\n${peers.map((peer) => peer.output()).join('\n---\n')}`);
}

/** Polls readiness every 20 ms: the takeover's end is the first 200. */
async function untilReady(peer: BareProcess): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const ready = await fetch(`${peer.baseUrl}/api/v1/health/ready`).then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${peer.baseUrl} did not take over within 30 s:\n${peer.output()}`);
}
