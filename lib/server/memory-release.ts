/**
 * @module Gives memory back to the operating system once a load has passed.
 *
 * After a burst (a queue a million messages deep arriving over AMQP) the server held about 340 MiB for good, twice
 * what it needs: two layers keep what the burst freed.
 * - V8 frees a Buffer's memory only when a full collection finds it dead, and after a burst nothing may run one for
 *   minutes: its memory reducer waits for a heap that a broker's timers never leave quite alone. So once a busy spell
 *   ends, one full collection is asked for with `vm.measureMemory({ execution: 'eager' })`, Node's one public call that
 *   starts one (incremental marking: steps of a few milliseconds, on an event loop that is quiet by then).
 * - glibc's malloc keeps freed memory in its heaps and returns only their tops. After a full collection, in a quiet
 *   interval, `malloc_trim(0)` returns every whole free page. It is called through koffi (a maintained FFI with
 *   prebuilt binaries, no compiler at install) on libuv's thread pool, never on the event loop. Where there is no
 *   glibc (macOS, musl) the call does not exist and nothing is done.
 * Under steady load neither runs, so memory that would only be taken again is not given back; nor after a spell that
 * left resident memory within 32 MiB of where the last trim left it, so that work coming and going on a big broker (a
 * console's figures each second over 100,000 queues) does not bring a full collection of a big heap each time.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { measureMemory } from 'node:vm';
import koffi from 'koffi';

/** How often the event loop's utilization is read. */
export const MEMORY_RELEASE_CHECK_MS = 500;
/** Below this share of an interval spent working, the process counts as quiet. */
export const QUIET_UTILIZATION = 0.25;
/** How much resident memory a busy spell must have added since the last trim for a collection to follow it. */
export const RELEASE_GROWTH_BYTES = 32 * 2 ** 20;

type Trim = (pad: number, done: (error: unknown, released: number) => void) => void;

/** malloc_trim, run off the event loop; undefined where the C library has none (no libc.so.6, or no such symbol). */
function loadTrim(): Trim | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    return (pad, done) => trim.async(pad, done);
  } catch {
    return undefined;
  }
}

/** What to do after one interval: nothing while busy; when a busy spell ends, a collection and then a trim. */
export class ReleasePolicy {
  /** A busy spell has ended without being looked at yet (booting is one). */
  private spell = true;
  /** A collection was asked for and has not finished: its own marking steps are not load. */
  private collecting = false;
  /** The interval in which the collection finished holds its last steps: not counted as load either. */
  private excused = false;
  /** A collection finished since the last trim: what it freed is in malloc's free lists. */
  private freed = false;
  /** Resident memory after the last trim (0 before the first): a spell is collected after only if it grew past it. */
  private baseline = 0;

  constructor(private readonly growthBytes = RELEASE_GROWTH_BYTES) {}

  /** The collection asked for has finished (or could not run). */
  collected(): void {
    this.collecting = false;
    this.excused = true;
    this.freed = true;
  }

  /** A trim has finished, leaving the process at `rssBytes`. */
  trimmed(rssBytes: number): void {
    this.baseline = rssBytes;
  }

  /** Reads one interval's event loop utilization; `rss` (resident memory now) is read only when a spell has ended. */
  next(utilization: number, rss: () => number): 'collect' | 'trim' | undefined {
    if (this.collecting) return undefined;
    const excused = this.excused;
    this.excused = false;
    if (utilization >= QUIET_UTILIZATION) {
      if (!excused) this.spell = true;
      return undefined;
    }
    if (this.spell) {
      this.spell = false;
      // A spell that left memory where it was (a console's periodic work on a big broker) is not worth a collection.
      if (rss() >= this.baseline + this.growthBytes) {
        this.collecting = true;
        return 'collect';
      }
    }
    if (!this.freed) return undefined;
    this.freed = false;
    return 'trim';
  }
}

/**
 * Starts a full collection. Node warns, once, that vm.measureMemory is experimental; here it only starts a collection
 * and its figures are not read, so that warning would only alarm whoever reads the server's log.
 */
function collect(): Promise<unknown> {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return measureMemory({ execution: 'eager' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

export interface MemoryRelease {
  /** Trims done so far. */
  readonly trims: number;
  /** Resolves after the next trim has finished. */
  nextTrim(): Promise<void>;
  stop(): void;
}

/** Starts watching for the end of busy spells; undefined (nothing to do) where malloc_trim is not available. */
export function startMemoryRelease(checkMs = MEMORY_RELEASE_CHECK_MS): MemoryRelease | undefined {
  const trim = loadTrim();
  if (!trim) return undefined;
  const policy = new ReleasePolicy();
  let trims = 0;
  let trimming = false;
  const waiting: Array<() => void> = [];
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const action = policy.next(utilization, process.memoryUsage.rss);
    // The measurement is answered once the collection it started has finished.
    if (action === 'collect') collect().then(() => policy.collected(), () => policy.collected());
    // One trim at a time (a trim is only ever due after a collection, which takes far longer than a check).
    if (action !== 'trim' || trimming) return;
    trimming = true;
    trim(0, () => {
      trimming = false;
      policy.trimmed(process.memoryUsage.rss());
      trims++;
      for (const resolve of waiting.splice(0)) resolve();
    });
  }, checkMs);
  timer.unref();
  return {
    get trims() {
      return trims;
    },
    nextTrim: () => new Promise<void>((resolve) => waiting.push(resolve)),
    stop: () => clearInterval(timer),
  };
}
