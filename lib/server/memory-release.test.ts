import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { QUIET_UTILIZATION, ReleasePolicy, startMemoryRelease } from './memory-release';

const BUSY = QUIET_UTILIZATION;
const QUIET = QUIET_UTILIZATION / 2;

const MiB = 2 ** 20;
const GROWTH = 32 * MiB;

describe('ReleasePolicy', () => {
  it('does nothing while busy; when a busy spell ends, collects once, then trims once the collection is done', () => {
    const policy = new ReleasePolicy(GROWTH);
    // Booting counts as a busy spell.
    expect(policy.next(QUIET, () => 200 * MiB)).toBe('collect');
    expect(policy.next(QUIET, () => 200 * MiB), 'the collection has not finished').toBeUndefined();
    policy.collected();
    expect(policy.next(QUIET, () => 190 * MiB)).toBe('trim');
    policy.trimmed(150 * MiB);
    expect(policy.next(QUIET, () => 150 * MiB)).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(policy.next(BUSY + i / 10, () => (300 + i) * MiB)).toBeUndefined();
    expect(policy.next(QUIET, () => 300 * MiB)).toBe('collect');
    expect(policy.next(0, () => 300 * MiB)).toBeUndefined();
  });

  it("does not take its own collection's work for a new busy spell", () => {
    const policy = new ReleasePolicy(GROWTH);
    expect(policy.next(QUIET, () => 100 * MiB)).toBe('collect');
    // The marking steps fill the intervals until it finishes, and the one it finishes in.
    expect(policy.next(1, () => 100 * MiB)).toBeUndefined();
    policy.collected();
    expect(policy.next(1, () => 100 * MiB)).toBeUndefined();
    expect(policy.next(QUIET, () => 100 * MiB)).toBe('trim');
    expect(policy.next(QUIET, () => 100 * MiB), 'no second collection').toBeUndefined();
  });

  it('collects after a spell only when it left resident memory 32 MiB or more above the last trim', () => {
    const policy = new ReleasePolicy(GROWTH);
    policy.next(QUIET, () => 800 * MiB);
    policy.collected();
    policy.next(QUIET, () => 800 * MiB);
    policy.trimmed(790 * MiB);
    // A console's periodic work on a big broker: busy, quiet, busy, quiet, memory where it was.
    for (let i = 0; i < 10; i++) {
      expect(policy.next(BUSY, () => 800 * MiB)).toBeUndefined();
      expect(policy.next(QUIET, () => 800 * MiB)).toBeUndefined();
    }
    expect(policy.next(BUSY, () => 822 * MiB)).toBeUndefined();
    expect(policy.next(QUIET, () => 822 * MiB)).toBe('collect');
  });

  it('counts load after the collection as a new spell', () => {
    const policy = new ReleasePolicy(GROWTH);
    policy.next(QUIET, () => 100 * MiB);
    policy.collected();
    policy.next(BUSY, () => 100 * MiB);
    expect(policy.next(BUSY, () => 200 * MiB)).toBeUndefined();
    expect(policy.next(QUIET, () => 200 * MiB)).toBe('collect');
  });
});

/** Keeps the event loop busy for `ms`, yielding between slices so the release's checks still run, holding `bytes`. */
async function busyFor(ms: number, bytes: number): Promise<void> {
  const held: Buffer[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const slice = performance.now() + 10;
    while (performance.now() < slice) if (held.length * 16384 < bytes) held.push(Buffer.alloc(16384, 1));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('startMemoryRelease', () => {
  // This machine runs glibc on Linux, where malloc_trim exists: the release must load (elsewhere it is a no-op).
  it('collects and calls malloc_trim off the event loop once a busy spell that took memory has passed', async () => {
    const release = startMemoryRelease(20);
    expect(release, 'malloc_trim through koffi').toBeDefined();
    try {
      await release!.nextTrim();
      const trimsBefore = release!.trims;
      await busyFor(200, 2 * GROWTH);
      await release!.nextTrim();
      expect(release!.trims).toBeGreaterThan(trimsBefore);
    } finally {
      release!.stop();
    }
    // It waits for the trim itself: on a machine busy with other work (CI boots RabbitMQ nodes beside it) the quiet
    // intervals that let the release act come later than vitest's default 5 s.
  }, 30_000);
});
