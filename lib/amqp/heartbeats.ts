/**
 * @module Heartbeats of one connection: a heartbeat frame when nothing else went out for half the interval, and the
 * socket dropped when the peer stays silent for two intervals (RabbitMQ closes without connection.close too).
 */
export class Heartbeats {
  private heard = true;
  private wrote = false;
  private silentTicks = 0;
  /** The socket is not being read (a blocked publisher): silence is ours, not the peer's. */
  private paused = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(seconds: number, sendHeartbeat: () => void, drop: () => void) {
    this.timer = setInterval(() => {
      if (!this.wrote) sendHeartbeat();
      this.wrote = false;
      if (this.heard || this.paused) this.silentTicks = 0;
      else if (++this.silentTicks >= 4) drop();
      this.heard = false;
    }, (seconds * 1000) / 2);
    this.timer.unref?.();
  }

  /** Bytes came in (any frame counts as a sign of life). */
  heardFromPeer(): void {
    this.heard = true;
  }

  pause(paused: boolean): void {
    this.paused = paused;
  }

  wroteToPeer(): void {
    this.wrote = true;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
