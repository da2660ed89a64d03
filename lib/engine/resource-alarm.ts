/**
 * @module The node's resource alarms, as RabbitMQ's: while one is raised (memory over its high watermark),
 * publishers are blocked on every door and consumers keep draining. One alarm object serves every vhost's broker.
 */
import { EngineError } from './errors';

/** What a raised alarm is about (RabbitMQ also has `disk`). */
export type ResourceAlarmKind = 'memory';

export interface RaisedAlarm {
  kind: ResourceAlarmKind;
  reason: string;
  since: number;
}

/** How long a refused publisher is told to wait before trying again (HTTP `Retry-After`). */
export const ALARM_RETRY_AFTER_MS = 5000;

export class ResourceAlarm {
  private readonly raised = new Map<ResourceAlarmKind, RaisedAlarm>();
  private readonly listeners = new Set<(active: boolean) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Raises (or re-words) an alarm; listeners hear only when the node goes from no alarm to some. */
  raise(kind: ResourceAlarmKind, reason: string): void {
    const was = this.active;
    const known = this.raised.get(kind);
    this.raised.set(kind, { kind, reason, since: known?.since ?? this.now() });
    if (!was) this.changed();
  }

  /** Clears an alarm; listeners hear when the last one goes. */
  clear(kind: ResourceAlarmKind): void {
    if (this.raised.delete(kind) && !this.active) this.changed();
  }

  /** Whether any alarm is raised: publishers are blocked. */
  get active(): boolean {
    return this.raised.size > 0;
  }

  list(): RaisedAlarm[] {
    return [...this.raised.values()];
  }

  /**
   * The rule every door that adds messages asks before accepting one: `unavailable` with
   * `details.alarm` (and `retryAfterMs`) while an alarm is raised. AMQP instead stops reading the publisher's socket.
   */
  checkPublish(): void {
    const first = this.raised.values().next().value;
    if (!first) return;
    throw new EngineError('unavailable', `publishing is blocked: ${first.reason}`, { alarm: first.kind, retryAfterMs: ALARM_RETRY_AFTER_MS });
  }

  /** Hears `true` when the first alarm is raised and `false` when the last clears; returns the unsubscribe. */
  onChange(listener: (active: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const active = this.active;
    for (const listener of this.listeners) listener(active);
  }
}
