/**
 * @module Whether a connection's socket is read: paused while any reason holds it (a resource alarm blocking a
 * publisher, publishes waiting for the store, frames waiting behind an awaited method, replies the client has not
 * read) and resumed when the last one lets go, as RabbitMQ's reader stops reading a blocked or flow-controlled socket.
 */

export type PauseReason = 'alarm' | 'flow' | 'backlog' | 'outbound';

export class ReadGate {
  private readonly reasons = new Set<PauseReason>();

  constructor(
    private readonly socket: { pause(): unknown; resume(): unknown },
    private readonly onChange: (paused: boolean) => void = () => undefined,
  ) {}

  get paused(): boolean {
    return this.reasons.size > 0;
  }

  /** Why reading is paused now (the console's connection state). */
  get why(): PauseReason[] {
    return [...this.reasons];
  }

  hold(reason: PauseReason): void {
    if (this.reasons.has(reason)) return;
    this.reasons.add(reason);
    if (this.reasons.size === 1) {
      this.socket.pause();
      this.onChange(true);
    }
  }

  release(reason: PauseReason): void {
    if (!this.reasons.delete(reason) || this.reasons.size > 0) return;
    this.socket.resume();
    this.onChange(false);
  }

  /** Holds or releases by a condition. */
  set(reason: PauseReason, hold: boolean): void {
    if (hold) this.hold(reason);
    else this.release(reason);
  }

  /** Reads again whatever held it (the connection is closing and must hear close-ok). */
  releaseAll(): void {
    if (this.reasons.size === 0) return;
    this.reasons.clear();
    this.socket.resume();
    this.onChange(false);
  }
}
