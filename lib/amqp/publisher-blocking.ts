/**
 * @module connection.blocked of one connection, as RabbitMQ sends it: blocked when the first reason comes (the store
 * cannot write, or a resource alarm while this connection publishes), unblocked when the last goes. A resource alarm
 * also stops the socket being read; a connection that only consumes is never blocked by one.
 */
import type { ReadGate } from './read-gate';

/** Why connection.blocked is in force. */
export type BlockedBy = 'store' | 'memory';

export class PublisherBlocking {
  private readonly reasons = new Set<BlockedBy>();
  /** The connection has sent basic.publish: a resource alarm blocks it. */
  publishing = false;

  constructor(
    private readonly gate: ReadGate,
    /** Tells the client (when it can hear it) that it is now blocked, or no longer. */
    private readonly notify: (blocked: boolean, reason: string) => void,
  ) {}

  get blocked(): boolean {
    return this.reasons.size > 0;
  }

  has(why: BlockedBy): boolean {
    return this.reasons.has(why);
  }

  /** A reason comes or goes; the client hears only of the change between none and some. */
  set(why: BlockedBy, blocked: boolean): void {
    const before = this.blocked;
    if (blocked) this.reasons.add(why);
    else this.reasons.delete(why);
    if (before === this.blocked) return;
    this.notify(this.blocked, this.reasons.has('memory') ? 'low on memory' : 'storage cannot accept writes');
  }

  /** A resource alarm was raised or cleared: a publishing, running connection is blocked and no longer read. */
  alarm(active: boolean, running: boolean): void {
    if (active && (!this.publishing || !running)) return;
    this.set('memory', active);
    this.gate.set('alarm', active);
  }
}
