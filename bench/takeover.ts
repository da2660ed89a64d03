/**
 * @module `npm run bench takeover`: the hot standby's takeover time. An active and a standby (tests/support/bare-server.ts)
 * on a schema of TEST_POSTGRES_URL, a publisher with confirms and a consumer that acks on either address, and the
 * active killed with SIGKILL ten times at random moments (tests/support/takeover-rounds.ts, the same rounds as
 * tests/api/standby-takeover.test.ts): from each kill to the standby's /health/ready answering 200.
 */
import { randomBytes } from 'node:crypto';
import { createTestSchema, TEST_POSTGRES_URL } from '../lib/store/postgres-test-schema';
import { killNine, type BareProcess } from '../tests/support/bare-process';
import { lostMessages } from '../tests/support/kill-nine-clients';
import { runTakeoverRounds } from '../tests/support/takeover-rounds';
import { median } from './stats';

const ROUNDS = Number(process.env.BENCH_TAKEOVER_ROUNDS ?? 10);

export async function takeoverBench(): Promise<Record<string, unknown>> {
  if (!TEST_POSTGRES_URL) return { skipped: 'TEST_POSTGRES_URL is not set' };
  const schema = await createTestSchema('switchboard_bench_takeover');
  const peers: BareProcess[] = [];
  try {
    const run = await runTakeoverRounds({
      databaseUrl: schema.url,
      token: randomBytes(16).toString('hex'),
      rounds: ROUNDS,
      peers,
      log: (line) => console.error(`[bench takeover] ${line}`),
    });
    const result = {
      unit: 'ms',
      rounds: ROUNDS,
      medianMs: median(run.takeoversMs),
      maxMs: Math.max(...run.takeoversMs),
      takeoversMs: run.takeoversMs,
      confirmed: run.tally.confirmed.size,
      lostConfirmed: lostMessages(run.tally, run.left).length,
      ackedDeliveredAgain: run.tally.ackedBack.length,
      acksInFlightAtAKill: run.tally.unsure.size,
    };
    console.error(`[bench takeover] median ${result.medianMs} ms, max ${result.maxMs} ms over ${ROUNDS} kills; ${result.lostConfirmed} confirmed lost, ${result.ackedDeliveredAgain} acked back`);
    return result;
  } finally {
    for (const peer of peers) await killNine(peer).catch(() => undefined);
    await schema.drop();
  }
}
