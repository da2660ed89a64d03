/**
 * @module The server's AuditSink: `record` only appends to memory; batches reach the store every 100 ms or 500
 * entries, so neither a request nor a message ever waits for the audit table.
 */
import type { AuditEntry, AuditSink } from './audit';
import type { AuditLog } from './audit-log';

export interface AuditWriterOptions {
  /** Longest an entry waits in memory before its batch is written. */
  flushIntervalMs?: number;
  /** A batch is written as soon as this many entries wait, and never holds more. */
  batchSize?: number;
  /** Entries held in memory at most, waiting or being written; past it new entries are dropped and counted. */
  maxPending?: number;
  /** Pause before the one retry of a failed batch. */
  retryDelayMs?: number;
  /** Where lost entries are reported. */
  report?: (message: string) => void;
}

export const AUDIT_FLUSH_INTERVAL_MS = 100;
export const AUDIT_BATCH_SIZE = 500;
/** About 10 MB at a few hundred bytes an entry: a store that stalls for minutes costs entries, not the process. */
export const AUDIT_MAX_PENDING = 20_000;

export class AuditWriter implements AuditSink {
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly retryDelayMs: number;
  private readonly report: (message: string) => void;
  private pending: AuditEntry[] = [];
  private inFlight = 0;
  /** Entries accepted, and entries written or given up on: a flush waits until the second reaches the first. */
  private accepted = 0;
  private settled = 0;
  private dropped = 0;
  /** The partial batch waiting has waited long enough (or a flush wants it). */
  private due = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly log: AuditLog,
    options: AuditWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? AUDIT_FLUSH_INTERVAL_MS;
    this.batchSize = options.batchSize ?? AUDIT_BATCH_SIZE;
    this.maxPending = options.maxPending ?? AUDIT_MAX_PENDING;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.report = options.report ?? ((message) => console.error(message));
  }

  record(entry: AuditEntry): void {
    if (this.closed || this.pending.length + this.inFlight >= this.maxPending) {
      this.drop(1);
      return;
    }
    this.pending.push(entry);
    this.accepted++;
    if (this.pending.length >= this.batchSize) this.kick();
    else this.arm();
  }

  /** Resolves once everything recorded before the call is written (or reported lost). */
  async flush(): Promise<void> {
    const target = this.accepted;
    while (this.settled < target) {
      this.due = true;
      this.kick();
      await this.writing;
    }
    this.reportDropped();
  }

  /** Writes what waits; entries recorded afterwards are dropped and reported. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private arm(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.due = true;
      this.kick();
    }, this.flushIntervalMs);
    this.timer.unref?.();
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      this.reportDropped();
      if (this.pending.length > 0) this.arm();
    });
  }

  /** Full batches go at once; a partial one only when due, so a trickle still becomes one write per interval. */
  private async drain(): Promise<void> {
    for (;;) {
      const full = this.pending.length >= this.batchSize;
      if (!full && !(this.due && this.pending.length > 0)) break;
      if (!full) this.due = false;
      const batch = this.pending.splice(0, this.batchSize);
      this.inFlight = batch.length;
      try {
        await this.write(batch);
      } finally {
        this.inFlight = 0;
        this.settled += batch.length;
      }
    }
    this.due = false;
  }

  private async write(batch: AuditEntry[]): Promise<void> {
    try {
      await this.log.write(batch);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      try {
        await this.log.write(batch);
      } catch (error) {
        this.report(`Switchboard: ${batch.length} audit events could not be written and are lost: ${(error as Error).message}`);
      }
    }
  }

  private drop(count: number): void {
    this.dropped += count;
    // Reported when the store catches up, once per backlog, not once per entry.
    if (this.closed && !this.writing) this.reportDropped();
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    const why = this.closed ? 'after the audit log closed' : `while ${this.maxPending} waited to be written`;
    this.report(`Switchboard: ${this.dropped} audit events were dropped ${why}`);
    this.dropped = 0;
  }
}
