/**
 * @module A queue's length limits (x-max-length, x-max-length-bytes) and what overflow does: drop-head trims the
 * oldest ready messages (dead-lettered as `maxlen`), reject-publish refuses the newcomer instead.
 */
import type { QueueInfo } from '../types';
import type { HeadPaging } from './head-paging';
import type { MessageLifecycle } from './message-lifecycle';
import type { ReadyList } from './ready-list';

/** What the limits read of their queue. */
export interface LimitsState {
  readonly info: QueueInfo;
  readonly ready: ReadyList;
}

export class QueueLimits {
  constructor(
    private readonly queue: LimitsState,
    private readonly lifecycle: MessageLifecycle,
    private readonly paging: HeadPaging,
  ) {}

  /** Whether reject-publish overflow would refuse a message of this size now. */
  refuses(size: number): boolean {
    const { overflow = 'drop-head' } = this.queue.info.arguments;
    return overflow !== 'drop-head' && this.wouldOverflow(size);
  }

  /** Drops ready messages from the head until the queue is within its limits again. */
  enforce(): void {
    while (this.overLimit()) {
      const head = this.queue.ready.peek();
      if (!head) {
        this.paging.refill();
        return;
      }
      this.lifecycle.transition(head, { kind: 'overflow' });
    }
  }

  private wouldOverflow(size: number): boolean {
    const { info, ready } = this.queue;
    const { maxLength, maxLengthBytes } = info.arguments;
    return (maxLength !== undefined && ready.count + 1 > maxLength) || (maxLengthBytes !== undefined && ready.bytes + size > maxLengthBytes);
  }

  private overLimit(): boolean {
    const { info, ready } = this.queue;
    const { maxLength, maxLengthBytes } = info.arguments;
    return (maxLength !== undefined && ready.count > maxLength) || (maxLengthBytes !== undefined && ready.bytes > maxLengthBytes);
  }
}
