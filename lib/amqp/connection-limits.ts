/**
 * @module What one AMQP connection may make the server hold, each bound with its default: partial message bodies
 * across its channels, uncommitted transactions, frames waiting behind an awaited method, publishes waiting for the
 * store and replies the client has not read. Over a buffer bound the client hears RabbitMQ's 406 (its channel
 * closes and the memory goes with it); over a flow bound its socket stops being read until the backlog drains.
 */

export interface ConnectionLimits {
  /** Bodies announced by content headers and not yet complete, all channels together (default 2 × max message size). */
  partialBodyBytes: number;
  /** Payloads published in uncommitted transactions, all channels together (default 64 MiB). */
  txBytes: number;
  /** Publishes and settlements one transaction may hold before tx.commit (default 100,000). */
  txSteps: number;
  /** Frames held behind an awaited method (a declare, tx.commit, basic.get) before reading pauses (default 4 MiB). */
  backlogBytes: number;
  /** Published bytes not yet stored (confirms pending) before reading pauses: flow control (default 16 MiB). */
  unstoredBytes: number;
  /** Unsent replies (returns, get-oks) before reading pauses until the client reads them (default 16 MiB). */
  outboundBytes: number;
}

const MiB = 1024 * 1024;

export function connectionLimits(maxMessageBytes: number, overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  return {
    partialBodyBytes: 2 * maxMessageBytes,
    txBytes: 64 * MiB,
    txSteps: 100_000,
    backlogBytes: 4 * MiB,
    unstoredBytes: 16 * MiB,
    outboundBytes: 16 * MiB,
    ...overrides,
  };
}

/** A count of bytes held against a limit, shared by a connection's channels. */
export class ByteBudget {
  used = 0;

  constructor(readonly limit: number) {}

  /** Takes `bytes` if they fit; false (nothing taken) when they would go over the limit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
