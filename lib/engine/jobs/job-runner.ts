/**
 * @module Runs replay jobs step by step on the injected clock and timers. Each step moves a batch and records the
 * job's new counters in the same turn, so both land in one commit: after a crash the job resumes exactly where its
 * last committed step ended, and no message is moved twice or lost.
 */
import type { Clock } from '../clock';
import { EngineError, isEngineError } from '../errors';
import type { FieldTable, QueuedMessage } from '../types';
import { REDRIVE_COUNT_HEADER, jobInfo, type JobInfo, type JobRecord, type JobStatus, type ReplaySpec } from './job';
import { redriveCount, replayMatches } from './replay-filter';

/** What a step moves when no rate is set, and how often a rate-limited job takes a step. */
const UNLIMITED_BATCH = 500;
const STEP_MS = 100;
/** How long a job waits before its next step after the store refused one (the step's moves were undone). */
const STORE_RETRY_MS = 1000;
/** Finished jobs kept (in memory and listed), newest first. */
const KEEP_FINISHED = 100;

export interface ScanPage {
  items: QueuedMessage[];
  nextCursor?: string;
}

/** What the broker lends the runner. */
export interface JobHost {
  clock: Clock;
  setTimer: (run: () => void, ms: number) => () => void;
  /** Ready messages of `queue` after `cursor` that `matches`, in delivery order (as peek). */
  scan(queue: string, cursor: string | undefined, limit: number, matches: (message: QueuedMessage) => boolean): Promise<ScanPage>;
  /** Moves one ready message in this turn; false when it is no longer ready. Throws an EngineError when it cannot go. */
  move(queue: string, message: QueuedMessage, spec: ReplaySpec, headers: FieldTable): boolean;
  /** The scan position just after `message`. */
  cursorAfter(message: QueuedMessage): string;
  /** Records the job in the current turn's commit. */
  save(job: JobRecord): void;
  committed(): Promise<void>;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly timers = new Map<string, () => void>();
  private readonly busy = new Set<string>();
  /** Rate-limited jobs: messages they may still move, and when that was last topped up (by the injected clock). */
  private readonly allowance = new Map<string, { tokens: number; at: number }>();
  private stopped = false;

  constructor(private readonly host: JobHost) {}

  /** Takes the stored jobs at start; running ones carry on. */
  recover(records: JobRecord[]): void {
    for (const record of records) {
      this.jobs.set(record.id, record);
      if (record.status === 'running') this.schedule(record, 0);
    }
    this.prune();
  }

  /** Counts what a replay would take now (at most `limit`). */
  async count(queue: string, spec: ReplaySpec): Promise<number> {
    let total = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.host.scan(queue, cursor, 1000, (m) => replayMatches(spec, m));
      total += page.items.length;
      if (spec.limit !== undefined && total >= spec.limit) return spec.limit;
      if (!page.nextCursor) return total;
      cursor = page.nextCursor;
    }
  }

  async start(id: string, queue: string, spec: ReplaySpec): Promise<JobInfo> {
    const total = await this.count(queue, spec);
    const job: JobRecord = { id, kind: 'replay', queue, status: 'running', total, done: 0, skipped: 0, failed: 0, startedAt: this.host.clock.now(), spec };
    this.jobs.set(id, job);
    this.prune();
    this.host.save(job);
    try {
      await this.host.committed();
    } catch (error) {
      // Never stored: the job does not exist.
      this.jobs.delete(id);
      throw error;
    }
    this.schedule(job, 0);
    return jobInfo(job);
  }

  list(queue?: string): JobInfo[] {
    return [...this.jobs.values()]
      .filter((job) => queue === undefined || job.queue === queue)
      .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1))
      .map(jobInfo);
  }

  get(id: string): JobInfo {
    return jobInfo(this.job(id));
  }

  async pause(id: string): Promise<JobInfo> {
    const job = this.job(id);
    if (job.status === 'paused') return jobInfo(job);
    if (job.status !== 'running') throw new EngineError('precondition_failed', `job '${id}' is ${job.status}`);
    return this.setStatus(job, 'paused');
  }

  async resume(id: string): Promise<JobInfo> {
    const job = this.job(id);
    if (job.status === 'running') return jobInfo(job);
    if (job.status !== 'paused') throw new EngineError('precondition_failed', `job '${id}' is ${job.status}`);
    const info = await this.setStatus(job, 'running');
    this.schedule(job, 0);
    return info;
  }

  /** Cancels a running or paused job; what has moved stays moved. */
  async cancel(id: string): Promise<JobInfo> {
    const job = this.job(id);
    if (job.status === 'cancelled') return jobInfo(job);
    if (job.status !== 'running' && job.status !== 'paused') throw new EngineError('precondition_failed', `job '${id}' is ${job.status}`);
    return this.setStatus(job, 'cancelled');
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private job(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('not_found', `job '${id}' does not exist`);
    return job;
  }

  private async setStatus(job: JobRecord, status: JobStatus, error?: string): Promise<JobInfo> {
    job.status = status;
    if (status === 'completed' || status === 'cancelled' || status === 'failed') {
      job.finishedAt = this.host.clock.now();
      this.timers.get(job.id)?.();
      this.timers.delete(job.id);
    }
    if (status === 'paused') {
      this.timers.get(job.id)?.();
      this.timers.delete(job.id);
    }
    if (error !== undefined) job.error = error;
    this.host.save(job);
    await this.host.committed();
    return jobInfo(job);
  }

  private schedule(job: JobRecord, ms: number): void {
    if (this.stopped || this.timers.has(job.id)) return;
    const cancel = this.host.setTimer(() => {
      this.timers.delete(job.id);
      void this.step(job);
    }, ms);
    this.timers.set(job.id, cancel);
  }

  private async step(job: JobRecord): Promise<void> {
    if (this.stopped || job.status !== 'running' || this.busy.has(job.id)) return;
    this.busy.add(job.id);
    // The job as it stood: a step whose commit fails is undone in the queues, so its counters go back too.
    const before = { done: job.done, skipped: job.skipped, failed: job.failed, total: job.total, cursor: job.cursor };
    try {
      const handledBefore = job.done + job.skipped + job.failed;
      const remaining = job.total - handledBefore;
      if (remaining <= 0) return void (await this.setStatus(job, 'completed'));
      const rate = job.spec.ratePerSec;
      const batch = Math.min(remaining, rate === undefined ? UNLIMITED_BATCH : this.tokens(job.id, rate));
      if (batch < 1) return void this.schedule(job, STEP_MS);
      const page = await this.host.scan(job.queue, job.cursor, batch, (m) => replayMatches(job.spec, m));
      // Everything from here to `save` runs in one turn: the moves and the counters commit together.
      if (this.stopped || job.status !== 'running') return;
      let cursor = job.cursor;
      let stale = false;
      for (const message of page.items) {
        const outcome = this.redrive(job, message);
        if (outcome === 'stale') {
          // Paging or a consumer got there first: the next step looks again from here.
          stale = true;
          break;
        }
        job[outcome]++;
        cursor = this.host.cursorAfter(message);
      }
      if (!stale && page.nextCursor) cursor = page.nextCursor;
      const finished = !stale && !page.nextCursor;
      job.cursor = cursor;
      if (rate !== undefined) this.allowance.get(job.id)!.tokens -= job.done + job.skipped + job.failed - handledBefore;
      const handled = job.done + job.skipped + job.failed;
      if (finished || handled >= job.total) {
        // Messages that left the queue by other means since the count are no longer part of the job.
        job.total = handled;
        job.status = 'completed';
        job.finishedAt = this.host.clock.now();
      }
      this.host.save(job);
      await this.host.committed();
      if (job.status === 'running') this.schedule(job, rate === undefined ? 0 : Math.max(STEP_MS, Math.ceil(1000 / rate)));
    } catch (error) {
      if (this.stopped) return;
      if (isEngineError(error) && error.code === 'unavailable') {
        // The store refuses writes for now: nothing of this step stayed, and the job carries on once it can.
        Object.assign(job, before);
        if (job.cursor === undefined) delete job.cursor;
        if (job.status === 'completed') {
          job.status = 'running';
          delete job.finishedAt;
        }
        if (job.spec.ratePerSec !== undefined) this.allowance.delete(job.id);
        if (job.status === 'running') this.schedule(job, STORE_RETRY_MS);
        return;
      }
      const message = isEngineError(error) ? error.message : 'the job stopped on an unexpected error';
      if (!isEngineError(error)) console.error(`switchboard: job '${job.id}' failed`, error);
      await this.setStatus(job, 'failed', message).catch(() => undefined);
    } finally {
      this.busy.delete(job.id);
    }
  }

  /** Whole messages a rate-limited job may move now: `rate` per second of the clock, at most one second's worth saved up. */
  private tokens(id: string, rate: number): number {
    const now = this.host.clock.now();
    const bucket = this.allowance.get(id) ?? { tokens: Math.max(1, (rate * STEP_MS) / 1000), at: now };
    bucket.tokens = Math.min(Math.max(1, rate), bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    this.allowance.set(id, bucket);
    return Math.floor(bucket.tokens);
  }

  private redrive(job: JobRecord, message: QueuedMessage): 'done' | 'skipped' | 'failed' | 'stale' {
    const count = redriveCount(message);
    if (count + 1 > job.spec.maxRedrives) return 'skipped';
    try {
      const headers: FieldTable = { ...(message.properties.headers ?? {}), [REDRIVE_COUNT_HEADER]: count + 1 };
      return this.host.move(job.queue, message, job.spec, headers) ? 'done' : 'stale';
    } catch (error) {
      if (isEngineError(error) && error.code !== 'unavailable') return 'failed';
      throw error;
    }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running' && j.status !== 'paused').sort((a, b) => b.startedAt - a.startedAt);
    for (const job of finished.slice(KEEP_FINISHED)) this.jobs.delete(job.id);
  }
}
