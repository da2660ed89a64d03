/**
 * @module What keeps this process from serving fully, as named problems with a reason each (the store cannot
 * write, memory is over its watermark). `GET /health` reports them; `GET /health/ready` is 503 while writes fail.
 * Every part that detects a fault reports it here and clears it when the fault is gone.
 */

/**
 * The store cannot write (disk full, read-only file, worker died), memory is over the high watermark, or (hot
 * standby) this process's hold on the active lock is unconfirmed.
 */
export type HealthProblemKind = 'store' | 'memory' | 'lease';

export interface HealthProblem {
  kind: HealthProblemKind;
  reason: string;
  since: number;
}

export class ServiceHealth {
  private readonly problems = new Map<HealthProblemKind, HealthProblem>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Reports (or updates the reason of) a problem; listeners hear only of changes. */
  report(kind: HealthProblemKind, reason: string): void {
    const known = this.problems.get(kind);
    if (known?.reason === reason) return;
    this.problems.set(kind, { kind, reason, since: known?.since ?? this.now() });
    this.changed();
  }

  clear(kind: HealthProblemKind): void {
    if (this.problems.delete(kind)) this.changed();
  }

  has(kind: HealthProblemKind): boolean {
    return this.problems.has(kind);
  }

  list(): HealthProblem[] {
    return [...this.problems.values()];
  }

  /** `degraded` while any problem stands. */
  status(): 'ok' | 'degraded' {
    return this.problems.size === 0 ? 'ok' : 'degraded';
  }

  /** Whether this process can take writes now (what a load balancer's readiness probe asks). */
  ready(): boolean {
    return !this.problems.has('store') && !this.problems.has('lease');
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
