/**
 * @module Slow refusals for a door that cannot answer "try later" (AMQP has no Retry-After): a refused login is answered
 * only after the brake's wait, up to a cap, so a guesser's loop slows down too. Held answers are bounded per address
 * and in all: past the bound a refusal is answered at once, so holding them costs the server little.
 */

export interface RefusalHoldOptions {
  /** Longest a refusal is held (default 5 s, under AMQP's 10 s handshake timeout). */
  maxHoldMs?: number;
  /** Refusals held at once for one address (default 16). */
  heldPerAddress?: number;
  /** Refusals held at once in all (default 1,000). */
  heldInAll?: number;
}

export type SetTimer = (run: () => void, ms: number) => unknown;

export class RefusalHold {
  private readonly held = new Map<string, number>();
  private total = 0;
  private readonly options: Required<RefusalHoldOptions>;

  constructor(
    private readonly setTimer: SetTimer,
    options: RefusalHoldOptions = {},
  ) {
    this.options = {
      maxHoldMs: options.maxHoldMs ?? 5000,
      heldPerAddress: options.heldPerAddress ?? 16,
      heldInAll: options.heldInAll ?? 1000,
    };
  }

  /** Resolves after `waitMs` (capped), or at once when there is no wait or too many refusals are held already. */
  async hold(address: string, waitMs: number): Promise<void> {
    const ms = Math.min(waitMs, this.options.maxHoldMs);
    const count = this.held.get(address) ?? 0;
    if (ms <= 0 || count >= this.options.heldPerAddress || this.total >= this.options.heldInAll) return;
    this.held.set(address, count + 1);
    this.total++;
    try {
      await new Promise<void>((resolve) => this.setTimer(resolve, ms));
    } finally {
      this.total--;
      const left = (this.held.get(address) ?? 1) - 1;
      if (left > 0) this.held.set(address, left);
      else this.held.delete(address);
    }
  }

  /** Refusals held now for an address. */
  heldFor(address: string): number {
    return this.held.get(address) ?? 0;
  }
}
