/**
 * @module Changes to a queue's ready messages from outside the message flow: an operator's purge, delete, move and
 * requeue at the tail, and the retraction of a message whose insert failed. Each one is undone if its commit fails.
 */
import { EngineError } from '../errors';
import type { QueueMetrics } from '../metrics/queue-metrics';
import { purgedBuckets, restorePurged, restoreReady, retractReady } from '../ready-rollback';
import type { TopologyWrite } from '../store';
import type { QueuedMessage } from '../types';
import type { DeadLetterTally } from './dead-letter-tally';
import type { Dispatcher } from './dispatcher';
import type { HeadPaging } from './head-paging';
import type { Lease, MessageLifecycle } from './message-lifecycle';
import type { QueueContext } from './queue-context';
import type { ReadyList } from './ready-list';

/** What `findReady` found for a message id. */
export type FoundMessage = { state: 'ready'; message: QueuedMessage } | { state: 'leased' } | { state: 'absent' };

/** What the edits read and change of their queue. */
export interface EditedQueue {
  readonly name: string;
  readonly ready: ReadyList;
  readonly unacked: ReadonlyMap<string, Lease>;
  readonly deadLetters: DeadLetterTally;
  readonly metrics: QueueMetrics | undefined;
  readonly deleted: boolean;
}

export class ReadyEdits {
  constructor(
    private readonly queue: EditedQueue,
    private readonly ctx: Pick<QueueContext, 'persistence' | 'store' | 'newSeq'>,
    private readonly lifecycle: MessageLifecycle,
    private readonly paging: HeadPaging,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** Removes every ready message (delivered ones stay); returns how many. Undone if its commit fails. */
  purge(): number {
    const { persistence } = this.ctx;
    const { ready, deadLetters, name } = this.queue;
    const count = ready.count;
    const buckets = purgedBuckets(ready);
    const cleared = ready.clear();
    const tallied = deadLetters.clear();
    // Messages still waiting for their first commit fail with it if it fails: those are not put back.
    const stored = cleared.filter((message) => !persistence.hasPendingInsert(message.seq));
    for (const message of cleared) this.lifecycle.transition(message, { kind: 'purge' });
    this.queue.metrics?.purged(count);
    this.paging.invalidate();
    const keep = new Set([...this.queue.unacked.values()].map((lease) => lease.message.seq));
    persistence.forgetQueueMessages(name, keep);
    const write: TopologyWrite = { op: 'deleteQueueMessages', queue: name, exceptSeqs: [...keep] };
    persistence.topologyWrite(write);
    persistence.onRollback(() => {
      if (this.queue.deleted) return;
      persistence.dropTopologyWrite(write);
      const back = stored.filter((message) => !persistence.isRetracted(message));
      for (const message of back) persistence.keepStored(message.seq);
      restorePurged(ready, buckets, back);
      const restored = new Set(back);
      deadLetters.restore(tallied, cleared.filter((message) => !restored.has(message)));
      this.paging.invalidate();
      this.dispatcher.dispatch();
    });
    return count;
  }

  /** A message whose insert failed to commit: it leaves the ready list (out on a lease, it is dropped when it returns). */
  retract(message: QueuedMessage): void {
    if (this.queue.deleted || !retractReady(this.queue.ready, message)) return;
    this.queue.deadLetters.leave(message);
    this.paging.refill();
  }

  /**
   * The first ready message with this id in delivery order, in memory or paged in the store; else whether a
   * delivered copy holds it. Act on a ready answer in the same turn (`takeReady`), before the queue moves on.
   */
  async findReady(messageId: string): Promise<FoundMessage> {
    const { ready, unacked, name } = this.queue;
    for (let attempt = 0; attempt < 10; attempt++) {
      await this.ctx.persistence.flush();
      await Promise.all(ready.all().map((bucket) => bucket.loading));
      const stored = ready.all().some((b) => b.pagedCount > 0) ? await this.ctx.store.findMessages(name, messageId, 100) : [];
      // Paging may have run meanwhile; a stored row is ready only while its bucket still has it paged out.
      if (ready.all().some((b) => b.loading)) continue;
      for (const bucket of ready.all()) {
        for (const message of bucket.memory) if (message.messageId === messageId) return { state: 'ready', message };
        const paged = stored.find((message) => message.priority === bucket.priority && ready.locate(message) === 'paged');
        if (paged) return { state: 'ready', message: paged };
      }
      for (const lease of unacked.values()) if (lease.message.messageId === messageId) return { state: 'leased' };
      return { state: 'absent' };
    }
    throw new EngineError('unavailable', `queue '${name}' kept paging while looking for message '${messageId}'`);
  }

  /** Takes a ready message out for good (deleted, or moved: the caller enqueues its copy in this same turn). */
  takeReady(message: QueuedMessage): boolean {
    const where = this.queue.ready.locate(message);
    if (!where) return false;
    this.putBackOnRollback(message, where);
    this.lifecycle.transition(message, { kind: 'remove', where });
    this.paging.refill();
    return true;
  }

  /** Sends a ready message to the tail of this queue under a new seq. */
  requeueAtTail(message: QueuedMessage): boolean {
    const where = this.queue.ready.locate(message);
    if (!where) return false;
    this.putBackOnRollback(message, where);
    this.lifecycle.transition(message, { kind: 'requeue-tail', where, seq: this.ctx.newSeq() });
    this.paging.refill();
    this.dispatcher.dispatch();
    return true;
  }

  /** Undoes `takeReady`/`requeueAtTail` when their commit fails: the message goes back where it was. Call before the change. */
  private putBackOnRollback(message: QueuedMessage, where: 'memory' | 'paged'): void {
    const { persistence } = this.ctx;
    // Not stored yet: its own publish fails with the same commit, so it stays out.
    if (persistence.hasPendingInsert(message.seq)) return;
    persistence.onRollback(() => {
      if (this.queue.deleted || persistence.isRetracted(message)) return;
      persistence.keepStored(message.seq);
      restoreReady(this.queue.ready, message, where);
      this.queue.deadLetters.enter(message);
      this.dispatcher.dispatch();
    });
  }
}
