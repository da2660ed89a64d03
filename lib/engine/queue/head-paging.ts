/**
 * @module Paging a queue's ready messages back in from the store, within its memory budget, as its in-memory head
 * runs low. A page that arrives after a purge or the queue's deletion is dropped.
 */
import type { ReadyList, PriorityBucket } from './ready-list';
import type { QueueContext } from './queue-context';

/** What paging reads of its queue. */
export interface PagingState {
  readonly name: string;
  readonly ready: ReadyList;
  readonly deleted: boolean;
}

export class HeadPaging {
  /** Bumped when what is loading may no longer belong to the ready list (purge, deletion). */
  private generation = 0;

  constructor(
    private readonly queue: PagingState,
    private readonly ctx: Pick<QueueContext, 'headLimit' | 'headBytes' | 'persistence' | 'store' | 'setTimer'>,
    /** Runs after a page has arrived: its messages may expire, be delivered, or be over the queue's limits. */
    private readonly pagedIn: () => void,
  ) {}

  /**
   * Pages messages back in from the store within the queue's memory budget (headLimit in all priorities together).
   * The priority that delivers next always gets a share, so delivery never stalls on a full budget.
   */
  refill(): void {
    const { headLimit, headBytes } = this.ctx;
    const ready = this.queue.ready;
    const lowWater = Math.max(1, Math.floor(headLimit / 4));
    let budget = headLimit - ready.memoryCount - ready.reserved;
    const head = ready.headBucket();
    for (const bucket of ready.all()) {
      if (bucket.pagedCount === 0 || bucket.memory.length >= lowWater || bucket.loading) continue;
      // As many as the byte bound has room for, judged by the paged messages' average size (a loaded page is trimmed to it).
      const averageBytes = Math.max(1, bucket.pagedBytes / bucket.pagedCount);
      const byteRoom = Math.floor((headBytes - ready.memoryBytes) / averageBytes);
      if (byteRoom < 1 && bucket.memory.length > 0) continue;
      const byCount = Math.min(bucket.pagedCount, Math.ceil(headLimit / 2), Math.max(budget, bucket === head ? lowWater - bucket.memory.length : 0));
      const share = Math.min(byCount, Math.max(1, byteRoom));
      if (share <= 0) continue;
      this.load(bucket, share);
      budget -= share;
    }
  }

  /** Pages under way are stale: what they bring is dropped, not added to the ready list. */
  invalidate(): void {
    this.generation++;
  }

  /** Resolves when the priority that delivers next has finished paging in (at once if it is not paging). */
  async headLoaded(): Promise<void> {
    await this.queue.ready.headBucket()?.loading;
  }

  /** Pages the next `count` messages of a priority back in from the store. */
  private load(bucket: PriorityBucket, count: number): void {
    const { queue, ctx } = this;
    if (bucket.loading || bucket.pagedCount === 0 || queue.deleted) return;
    const generation = this.generation;
    queue.ready.reserved += count;
    bucket.loading = (async () => {
      try {
        await ctx.persistence.flush();
        const messages = await ctx.store.loadMessages(queue.name, bucket.priority, bucket.lastSeq, count);
        if (generation !== this.generation || queue.deleted) return;
        queue.ready.loaded(bucket, messages, ctx.headBytes);
      } finally {
        bucket.loading = null;
        queue.ready.reserved -= count;
      }
      this.pagedIn();
    })().catch((error) => {
      console.error(`switchboard: paging in messages of queue '${queue.name}' failed`, error);
      // Try again later rather than leave the queue stalled.
      ctx.setTimer(() => this.refill(), 1000);
    });
  }
}
