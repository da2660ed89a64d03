/**
 * @module Which queues the broker's clock tick visits: those whose time work is due (a lease running out, a head
 * message's TTL, an unused queue's expiry), kept in a min-heap of due times, and those that changed since the last
 * tick (their due time is read again). A tick's work follows those queues, not how many queues exist: 100,000 idle
 * queues cost nothing per tick.
 */

/** What the schedule needs of a queue. */
export interface TimedWork {
  readonly deleted: boolean;
  /** When `tick` next has work; Infinity for none. Early is harmless (the queue is visited and read again), late is not. */
  nextDueAt(): number;
  tick(now: number): void;
}

interface Entry<Q> {
  at: number;
  queue: Q;
}

export class TickSchedule<Q extends TimedWork> {
  private readonly changed = new Set<Q>();
  /** Each scheduled queue's current due time; heap entries that disagree are stale and skipped. */
  private readonly dueAt = new Map<Q, number>();
  private heap: Entry<Q>[] = [];
  /** Queues visited so far (due time read, or ticked): tests read it to show that idle queues are not visited. */
  visits = 0;

  /** The queue may have time work sooner than scheduled: its due time is read at the next tick. */
  markChanged(queue: Q): void {
    this.changed.add(queue);
  }

  /** How many queues have time work scheduled. */
  get scheduledCount(): number {
    return this.dueAt.size;
  }

  /** Runs the time work due at `now`: queues that changed are rescheduled, then those due are ticked. */
  run(now: number): void {
    this.reschedule();
    const due: Q[] = [];
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const entry = this.pop();
      if (this.dueAt.get(entry.queue) !== entry.at) continue;
      this.dueAt.delete(entry.queue);
      due.push(entry.queue);
    }
    for (const queue of due) {
      if (queue.deleted) continue;
      this.visits++;
      queue.tick(now);
      // Whatever the tick did (or found not due after all: a lease acked, a queue used again), read its due time again.
      this.changed.add(queue);
    }
    this.reschedule();
  }

  private reschedule(): void {
    if (this.changed.size === 0) return;
    for (const queue of this.changed) {
      this.visits++;
      const at = queue.deleted ? Infinity : queue.nextDueAt();
      if (at === Infinity) {
        this.dueAt.delete(queue);
      } else if (this.dueAt.get(queue) !== at) {
        this.dueAt.set(queue, at);
        this.push({ at, queue });
      }
    }
    this.changed.clear();
    // Stale entries pile up when due times keep moving; rebuild from the live ones before they dominate.
    if (this.heap.length > 1024 && this.heap.length > 4 * this.dueAt.size) this.rebuild();
  }

  private rebuild(): void {
    this.heap = [];
    for (const [queue, at] of this.dueAt) this.push({ at, queue });
  }

  private push(entry: Entry<Q>): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= entry.at) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry<Q> {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right].at < heap[left].at ? right : left;
        if (heap[child].at >= last.at) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
