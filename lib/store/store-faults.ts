/**
 * @module A store's fault, told and cleared: a failed write reports a reason, and while it stands the store is probed
 * with a real write after a doubling wait, until one lands and clears it. Both stores (SQLite's worker, PostgreSQL)
 * keep their fault here, so /health reads them alike.
 */

/** How often a failing store is probed with a real write, at first and at most (doubling between). */
export const PROBE_FIRST_MS = 250;
export const PROBE_MAX_MS = 5000;

/** Hears the store's fault: a reason while it cannot write, null once a probe write works. */
export type StoreFaultListener = (reason: string | null) => void;

export interface StoreFaultsOptions {
  /** A real write; rejects while the store cannot write. */
  probe: () => Promise<void>;
  /** Whether a probe may run now (false while something else is already bringing the store back). */
  canProbe?: () => boolean;
  /** The reason a failed probe reports, from its error. */
  probeFailed?: (error: Error) => string;
}

export class StoreFaults {
  private reason: string | null = null;
  private readonly listeners = new Set<StoreFaultListener>();
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private probeDelay = PROBE_FIRST_MS;
  private stopped = false;

  constructor(private readonly options: StoreFaultsOptions) {}

  /** The current fault, or null while the store writes. */
  get current(): string | null {
    return this.reason;
  }

  /** Calls `listener` on every change of the fault; answers how to stop. */
  onFault(listener: StoreFaultListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The store cannot write: tells the listeners (once per distinct reason) and probes until it can. */
  report(reason: string): void {
    if (this.stopped) return;
    if (this.reason !== reason) {
      this.reason = reason;
      for (const listener of this.listeners) listener(reason);
    }
    this.scheduleProbe();
  }

  /** The store writes again (a probe or another write landed). */
  clear(): void {
    this.probeDelay = PROBE_FIRST_MS;
    if (this.reason === null) return;
    this.reason = null;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    for (const listener of this.listeners) listener(null);
  }

  /** No more probes or reports (the store is closing). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.stopped) return;
    const delay = this.probeDelay;
    this.probeDelay = Math.min(PROBE_MAX_MS, this.probeDelay * 2);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (this.reason === null || this.stopped) return;
      if (this.options.canProbe && !this.options.canProbe()) return this.scheduleProbe();
      this.options.probe().then(
        () => this.clear(),
        (error: Error) => this.report(this.options.probeFailed?.(error) ?? error.message),
      );
    }, delay);
    this.probeTimer.unref?.();
  }
}
