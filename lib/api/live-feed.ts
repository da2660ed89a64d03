/**
 * @module The live feed behind /events: one timer shared by every open stream reads the broker once a second and
 * sends each stream an `overview` and a `queues` event; a new stream gets a frame at once, and the timer stops
 * when the last stream goes away. A stream whose client is not reading misses frames (the next one it gets is
 * current), so a stalled console never makes the server buffer a second of figures after another.
 */
import type { Broker, MetricsSnapshot, QueueStats } from '@/lib/engine';
import type { LiveQueue } from './schemas/metrics';
import type { Overview } from './schemas/system';
import type { EventSink, Subscription } from './sse';

export const LIVE_INTERVAL_MS = 1000;

export interface LiveFrame {
  overview: Overview;
  queues: LiveQueue[];
}

/** Per-queue figures of a frame: the queue's stats with its publish → ack latency over the last minute. */
export function liveQueues(stats: readonly QueueStats[], snapshot: MetricsSnapshot | undefined): LiveQueue[] {
  const latency = new Map(snapshot?.queues.map((q) => [q.name, q.latency.ack.lastMinute]));
  return stats
    .map((queue) => {
      const ack = latency.get(queue.name);
      const known = ack !== undefined && ack.count > 0;
      return {
        name: queue.name,
        messagesReady: queue.messagesReady,
        messagesUnacked: queue.messagesUnacked,
        consumers: queue.consumers,
        rates: queue.rates,
        oldestReadyAgeMs: queue.oldestReadyAgeMs,
        latencyP50Ms: known ? ack.p50 : null,
        latencyP99Ms: known ? ack.p99 : null,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type FrameSource = Pick<Broker, 'overview' | 'listQueues' | 'metricsSnapshot' | 'metrics'>;

/** One frame read from the broker; without metrics (`metrics: false`) the latencies are null. */
export function readFrame(broker: FrameSource): LiveFrame {
  const snapshot = broker.metrics ? broker.metricsSnapshot() : undefined;
  return { overview: broker.overview(), queues: liveQueues(broker.listQueues(), snapshot) };
}

const feeds = new WeakMap<object, LiveFeed>();

/** The one feed of a broker, shared by every /events stream of this process. */
export function liveFeedOf(broker: FrameSource): LiveFeed {
  let feed = feeds.get(broker);
  if (!feed) feeds.set(broker, (feed = new LiveFeed(() => readFrame(broker))));
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

export class LiveFeed {
  private readonly sinks = new Set<EventSink>();
  private timer: unknown;

  constructor(
    private readonly read: () => LiveFrame,
    private readonly intervalMs = LIVE_INTERVAL_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  get streams(): number {
    return this.sinks.size;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Sends `sink` the current frame now and every tick until cancelled. Throws (before joining) if the broker can't be read. */
  subscribe(sink: EventSink): Subscription {
    send(sink, this.read());
    this.sinks.add(sink);
    this.timer ??= this.timers.setInterval(() => this.tick(), this.intervalMs);
    return {
      cancel: () => {
        this.sinks.delete(sink);
        if (this.sinks.size === 0 && this.timer !== undefined) {
          this.timers.clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  private tick(): void {
    let frame: LiveFrame;
    try {
      frame = this.read();
    } catch (error) {
      console.error('[switchboard] reading the live feed failed:', error);
      return;
    }
    for (const sink of this.sinks) if (sink.ready?.() !== false) send(sink, frame);
  }
}

function send(sink: EventSink, frame: LiveFrame): void {
  sink.send('overview', frame.overview);
  sink.send('queues', frame.queues);
}
