/**
 * @module The live feed behind /events: one timer shared by every open stream reads the broker once a second.
 * Each stream says what its page shows (a scope): every queue, named queues, or the overview with its rankings.
 * A tick reads only what some stream shows, serialises each changed queue once, and builds each frame once per
 * scope, shared by the streams of that scope. A stream gets its whole scope at connect, then only what changed.
 * A stream whose client is not reading misses frames; once it reads again it gets the current figures of what
 * changed meanwhile (never a backlog of frames, nor its whole scope again), so a stalled console never makes the
 * server buffer a second of figures after another.
 */
import type { LiveSource } from './live-source';
import { byName, LiveTable, mergeChanges, noChanges, type LiveChanges } from './live-table';
import type { LiveEventsQuery } from './schemas/metrics';
import type { EventSink, Subscription } from './sse';

export const LIVE_INTERVAL_MS = 1000;

/** What a stream shows: the overview always; `rankings` with the overview scope; queues: every one, or named ones. */
export interface LiveScope {
  rankings: boolean;
  /** Undefined: every queue. */
  queues: readonly string[] | undefined;
}

export function liveScope(query: Partial<LiveEventsQuery> = {}): LiveScope {
  const names = query.queues ? [...query.queues].sort(byName) : undefined;
  if (query.scope === 'overview') return { rankings: true, queues: names ?? [] };
  return { rankings: false, queues: names };
}

const scopeKey = (scope: LiveScope) => `${scope.rankings ? 'o' : 'q'}|${scope.queues === undefined ? '*' : JSON.stringify(scope.queues)}`;

/** One Server-Sent Event, formatted: `json` is the data, already serialised. */
export const sseEvent = (event: string, json: string) => `event: ${event}\ndata: ${json}\n\n`;

const feeds = new WeakMap<object, LiveFeed>();

/** The one feed of a source (a backend's vhost), shared by every /events stream of this process. */
export function liveFeedOf(source: LiveSource): LiveFeed {
  let feed = feeds.get(source);
  if (!feed) feeds.set(source, (feed = new LiveFeed(source)));
  return feed;
}

export interface Timers {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (run, ms) => {
    const handle = setInterval(run, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

interface Stream {
  sink: EventSink;
  scope: LiveScope;
  key: string;
  /** What changed while its client was not reading, for the next frame it gets. */
  missed: LiveChanges | undefined;
  /** Connected since the last tick: its connect frame already held what that read found. */
  fresh: boolean;
}

/** What one tick read, and the frames built from it (lazily, once per scope). */
class Tick {
  private readonly frames = new Map<string, string>();

  constructor(
    private readonly overviewText: string,
    /** What this tick's read changed, and with it what reads between ticks changed (for streams older than those). */
    private readonly changes: { tick: LiveChanges; all: LiveChanges },
    private readonly rankingsText: string | undefined,
  ) {}

  /** The changes a stream has not been sent yet, of this tick (and of reads since the last one, unless it made them). */
  changesFor(stream: Stream): LiveChanges {
    return stream.fresh ? this.changes.tick : this.changes.all;
  }

  /** The frame of a stream that is up to date: one text per scope, shared. */
  frame(stream: Stream): string {
    const key = `${stream.fresh ? 'f' : 'd'}${stream.key}`;
    let text = this.frames.get(key);
    if (text === undefined) this.frames.set(key, (text = this.build(stream.scope, this.changesFor(stream))));
    return text;
  }

  build(scope: LiveScope, changes: LiveChanges): string {
    let text = this.overviewText;
    if (scope.queues === undefined || scope.queues.length > 0) {
      const figures = changedOf(scope, changes);
      if (figures.length > 0) text += sseEvent('queues', `[${figures.join(',')}]`);
      const names = new Set(scope.queues);
      const removed = scope.queues === undefined ? changes.removed : changes.removed.filter((name) => names.has(name));
      if (removed.length > 0) text += sseEvent('queues-removed', JSON.stringify(removed));
    }
    if (scope.rankings && this.rankingsText) text += this.rankingsText;
    return text;
  }

}

function changedOf(scope: LiveScope, { changed }: LiveChanges): string[] {
  if (scope.queues === undefined) return [...changed.keys()].sort(byName).map((name) => changed.get(name)!);
  return scope.queues.filter((name) => changed.has(name)).map((name) => changed.get(name)!);
}

export class LiveFeed {
  private readonly streamSet = new Set<Stream>();
  private readonly table = new LiveTable();
  /** Changes found by reads between ticks (a stream connecting), for the next frame of the others. */
  private pending: LiveChanges = noChanges();
  private timer: unknown;

  constructor(
    private readonly source: LiveSource,
    private readonly intervalMs = LIVE_INTERVAL_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  get streams(): number {
    return this.streamSet.size;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Sends `sink` the whole of `scope` now, then each tick what changed, until cancelled. Throws (before joining)
   * if the broker can't be read.
   */
  subscribe(sink: EventSink, scope: LiveScope = liveScope()): Subscription {
    sink.sendRaw(this.connectFrame(scope));
    // Streams that connected earlier in this second did not see what this read found: they get all that changed.
    for (const other of this.streamSet) other.fresh = false;
    const stream: Stream = { sink, scope, key: scopeKey(scope), missed: undefined, fresh: true };
    this.streamSet.add(stream);
    this.timer ??= this.timers.setInterval(() => this.tick(), this.intervalMs);
    return {
      cancel: () => {
        this.streamSet.delete(stream);
        if (this.streamSet.size === 0 && this.timer !== undefined) {
          this.timers.clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /**
   * A fresh read of one scope for a stream that just connected, taken into the shared table; what it finds
   * changed is kept for the other streams' next frame.
   */
  private connectFrame(scope: LiveScope): string {
    let text = sseEvent('overview', JSON.stringify(this.source.overview()));
    if (scope.queues === undefined || scope.queues.length > 0) {
      const read = this.source.queues(scope.queues);
      const changes = this.table.update(read.queues, scope.queues === undefined ? 'all' : new Set(scope.queues), false);
      this.pending = mergeChanges(this.pending, changes);
      text += sseEvent('queues', `[${this.table.snapshot(scope.queues).join(',')}]`);
    }
    if (scope.rankings) text += sseEvent('rankings', JSON.stringify(this.source.rankings()));
    return text;
  }

  private tick(): void {
    let tick: Tick;
    try {
      tick = this.read();
    } catch (error) {
      console.error('[switchboard] reading the live feed failed:', error);
      return;
    }
    for (const stream of this.streamSet) {
      if (stream.sink.ready?.() === false) {
        // Kept as names with their newest figures: a later change of the same queue replaces, never adds.
        stream.missed = mergeChanges(stream.missed ?? noChanges(), tick.changesFor(stream));
      } else if (stream.missed) {
        stream.sink.sendRaw(tick.build(stream.scope, mergeChanges(stream.missed, tick.changesFor(stream))));
        stream.missed = undefined;
      } else {
        stream.sink.sendRaw(tick.frame(stream));
      }
      stream.fresh = false;
    }
  }

  /** Reads what the open streams show: every queue if one shows them all, else the named ones; rankings if one ranks. */
  private read(): Tick {
    let all = false;
    let ranked = false;
    const named = new Set<string>();
    for (const { scope } of this.streamSet) {
      ranked ||= scope.rankings;
      if (scope.queues === undefined) all = true;
      else for (const name of scope.queues) named.add(name);
    }
    const overviewText = sseEvent('overview', JSON.stringify(this.source.overview()));
    const read = all ? this.source.queues() : named.size > 0 ? this.source.queues([...named]) : { at: 0, queues: [] };
    const changed = this.table.update(read.queues, all ? 'all' : named);
    const changes = { tick: changed, all: mergeChanges(this.pending, changed) };
    this.pending = noChanges();
    // Rankings read two figures of each queue, not their rows: only what some stream shows is tracked.
    const rankingsText = ranked ? sseEvent('rankings', JSON.stringify(this.source.rankings())) : undefined;
    return new Tick(overviewText, changes, rankingsText);
  }
}
