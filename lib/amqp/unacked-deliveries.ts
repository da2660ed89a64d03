/**
 * @module A channel's delivery tags (1, 2, 3... per channel) and the deliveries still unacked behind them, each
 * pointing at its queue and the engine's own tag; ack/nack with `multiple` takes every tag up to the given one.
 */
import { REPLY } from './codec';
import { AmqpError } from './reply-codes';

export interface Outstanding {
  /** The channel's delivery tag. */
  tag: number;
  queue: string;
  engineTag: string;
  /** Counts against the channel-wide prefetch (a consumer's delivery, not a basic.get). */
  counted: boolean;
}

export class UnackedDeliveries {
  private readonly byTag = new Map<number, Outstanding>();
  private nextTag = 1;
  /** Unacked deliveries that count against the channel-wide prefetch. */
  counted = 0;

  get size(): number {
    return this.byTag.size;
  }

  /** The channel's tag for a new delivery; only kept when it waits for an ack (`track`). */
  add(queue: string, engineTag: string, counted: boolean, track = true): number {
    const tag = this.nextTag++;
    if (track) {
      this.byTag.set(tag, { tag, queue, engineTag, counted });
      if (counted) this.counted++;
    }
    return tag;
  }

  /** Takes one tag, or with `multiple` every tag up to it (0 = all); an unknown tag is 406, as in RabbitMQ. */
  take(tag: number, multiple: boolean): Outstanding[] {
    if (multiple && tag === 0) return this.takeAll();
    const single = this.byTag.get(tag);
    if (!single) throw new AmqpError(REPLY.PRECONDITION_FAILED, `unknown delivery tag ${tag}`);
    if (!multiple) {
      this.byTag.delete(tag);
      if (single.counted) this.counted--;
      return [single];
    }
    const picked: Outstanding[] = [];
    // Map order is tag order: tags only grow.
    for (const [t, outstanding] of this.byTag) {
      if (t > tag) break;
      picked.push(outstanding);
      this.byTag.delete(t);
      if (outstanding.counted) this.counted--;
    }
    return picked;
  }

  takeAll(): Outstanding[] {
    const all = [...this.byTag.values()];
    this.byTag.clear();
    this.counted = 0;
    return all;
  }

  /** Puts taken deliveries back (a rolled-back transaction), keeping the map in tag order. */
  restore(entries: readonly Outstanding[]): void {
    if (!entries.length) return;
    const all = [...this.byTag.values(), ...entries].sort((a, b) => a.tag - b.tag);
    this.byTag.clear();
    for (const outstanding of all) this.byTag.set(outstanding.tag, outstanding);
    for (const outstanding of entries) if (outstanding.counted) this.counted++;
  }

  /** A consumer's queue went away: its deliveries no longer hold the channel's prefetch. */
  uncount(queue: string): void {
    for (const outstanding of this.byTag.values()) {
      if (outstanding.queue === queue && outstanding.counted) {
        outstanding.counted = false;
        this.counted--;
      }
    }
  }
}
