/**
 * @module Dead-letter replays on attached clusters as tracked jobs: started, paused, resumed and cancelled through the
 * API, kept in Switchboard's own database, and run pass after pass (lib/rabbitmq/replay-pass.ts) until done:
 *  - a pass that fails (the node it used went away, the cluster did not answer) is followed by a new one through the
 *    cluster's AMQP URLs in turn, after RETRY_DELAY_MS; after RETRY_LIMIT failures in a row the job fails;
 *  - a restart of Switchboard resumes the running jobs with a new pass;
 *  - each pass starts at the queue's head, so the messages a pass left in place (skipped, failed) are counted again
 *    by the next: those two counters are the latest pass's, `done` is the job's.
 */
import { randomUUID } from 'node:crypto';
import type { ConfirmChannel } from 'amqplib';
import { EngineError, notFound } from '../engine/errors';
import { DEFAULT_MAX_REDRIVES, jobInfo, type JobInfo, type ReplayOptions, type ReplaySpec } from '../engine/jobs/job';
import { toReplaySpec } from '../engine/jobs/replay-filter';
import { AcksInDoubt } from './acks-in-doubt';
import type { ClusterAmqp } from './cluster-amqp';
import type { ClusterJobRecord, ClusterJobRepository } from './cluster-job-repository';
import { runReplayPass, scanDeadLetters, type PassCounters } from './replay-pass';

export const RETRY_DELAY_MS = 2000;
export const RETRY_LIMIT = 30;
/** Progress is written to the database at most this often while a pass runs (and always when it ends). */
const PROGRESS_WRITE_MS = 500;

export interface ClusterJobsOptions {
  repository: ClusterJobRepository;
  /** The AMQP pool of a cluster; throws `not_found` once it is detached. */
  amqp(clusterId: string): ClusterAmqp;
  isAttached(clusterId: string): boolean;
  now?: () => number;
}

interface Running {
  stop: AbortController;
  finished: Promise<void>;
}

export class ClusterJobs {
  private readonly jobs = new Map<string, ClusterJobRecord>();
  private readonly running = new Map<string, Running>();
  private readonly now: () => number;
  private closed = false;

  private constructor(private readonly options: ClusterJobsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Loads the kept jobs and resumes the running ones. */
  static async start(options: ClusterJobsOptions): Promise<ClusterJobs> {
    const jobs = new ClusterJobs(options);
    for (const job of await options.repository.load()) {
      if (!options.isAttached(job.clusterId)) continue;
      jobs.jobs.set(job.record.id, job);
      if (job.record.status === 'running') jobs.run(job);
    }
    return jobs;
  }

  /**
   * Reads the dead-letter queue (taking each message and giving it back): how many match, where "source" sends. A
   * destination that does not exist is refused first, before any message is read.
   */
  async scan(clusterId: string, vhost: string, queue: string, options: ReplayOptions, signal?: AbortSignal) {
    const spec = toReplaySpec(options, this.now(), 0, DEFAULT_MAX_REDRIVES);
    const destination = namedDestination(spec);
    if (destination) await this.onChannel(clusterId, vhost, destination, (channel) => checkDestination(channel, destination), signal);
    return this.onChannel(clusterId, vhost, { kind: 'queue', name: queue }, (channel) => scanDeadLetters(channel, queue, spec), signal);
  }

  /** `count`: how many the scan just before found (each scan takes every message and gives it back: not twice). */
  async start(clusterId: string, vhost: string, queue: string, options: ReplayOptions, createdBy: string, count: number): Promise<JobInfo> {
    const spec = toReplaySpec(options, this.now(), 0, DEFAULT_MAX_REDRIVES);
    // Checked again: it may have gone since the scan.
    const destination = namedDestination(spec);
    if (destination) await this.onChannel(clusterId, vhost, destination, (channel) => checkDestination(channel, destination));
    const job: ClusterJobRecord = {
      clusterId,
      vhost,
      createdBy,
      record: { id: randomUUID(), kind: 'replay', queue, status: count === 0 ? 'completed' : 'running', total: count, done: 0, skipped: 0, failed: 0, startedAt: this.now(), spec },
    };
    if (count === 0) job.record.finishedAt = job.record.startedAt;
    await this.options.repository.put(job, this.now());
    this.jobs.set(job.record.id, job);
    if (count > 0) this.run(job);
    return jobInfo(job.record);
  }

  list(clusterId: string, vhost: string, queue?: string): JobInfo[] {
    return [...this.jobs.values()]
      .filter((job) => job.clusterId === clusterId && job.vhost === vhost && (queue === undefined || job.record.queue === queue))
      .map((job) => jobInfo(job.record))
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  get(clusterId: string, vhost: string, id: string): JobInfo {
    return jobInfo(this.find(clusterId, vhost, id).record);
  }

  /** Ends the running pass (which gives back what it held) and keeps the job paused. */
  async pause(clusterId: string, vhost: string, id: string): Promise<JobInfo> {
    const job = this.find(clusterId, vhost, id);
    if (job.record.status !== 'running') throw notActive(job, 'paused', ['running']);
    return this.halt(job, 'paused');
  }

  async resume(clusterId: string, vhost: string, id: string): Promise<JobInfo> {
    const job = this.find(clusterId, vhost, id);
    if (job.record.status !== 'paused') throw notActive(job, 'resumed', ['paused']);
    job.record.status = 'running';
    delete job.record.error;
    await this.save(job);
    this.run(job);
    return jobInfo(job.record);
  }

  async cancel(clusterId: string, vhost: string, id: string): Promise<JobInfo> {
    const job = this.find(clusterId, vhost, id);
    if (job.record.status !== 'running' && job.record.status !== 'paused') throw notActive(job, 'cancelled', ['running', 'paused']);
    return this.halt(job, 'cancelled');
  }

  /** Stops every run (their passes end and give back what they held); the jobs stay as they were kept. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.running.values()];
    for (const run of runs) run.stop.abort();
    await Promise.all(runs.map((run) => run.finished));
  }

  /** A detached cluster's jobs are gone with it (its rows went with the cluster's). */
  forgetCluster(clusterId: string): void {
    for (const [id, job] of this.jobs) {
      if (job.clusterId !== clusterId) continue;
      this.running.get(id)?.stop.abort();
      this.jobs.delete(id);
    }
  }

  private async halt(job: ClusterJobRecord, status: 'paused' | 'cancelled'): Promise<JobInfo> {
    job.record.status = status;
    if (status === 'cancelled') job.record.finishedAt = this.now();
    const run = this.running.get(job.record.id);
    run?.stop.abort();
    await run?.finished;
    await this.save(job);
    return jobInfo(job.record);
  }

  private find(clusterId: string, vhost: string, id: string): ClusterJobRecord {
    const job = this.jobs.get(id);
    if (!job || job.clusterId !== clusterId || job.vhost !== vhost) throw notFound('job', id);
    return job;
  }

  private save(job: ClusterJobRecord): Promise<void> {
    return this.options.repository.put(job, this.now());
  }

  /** `about`: what a 404 closing the channel is about (the queue read, or the destination checked). */
  private async onChannel<T>(clusterId: string, vhost: string, about: Destination, work: (channel: ConfirmChannel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.options
      .amqp(clusterId)
      .withConfirmChannel(vhost, work, signal)
      .catch((error: unknown) => {
        const code = (error as { code?: unknown })?.code;
        if (code === 404) throw new EngineError('not_found', `${about.kind} '${about.name}' does not exist on the cluster`, { cluster: clusterId, ...about });
        throw error;
      });
  }

  /** Runs passes until the job finishes, fails, or is stopped. */
  private run(job: ClusterJobRecord): void {
    if (this.closed || this.running.has(job.record.id)) return;
    const stop = new AbortController();
    const finished = this.passes(job, stop.signal).finally(() => this.running.delete(job.record.id));
    this.running.set(job.record.id, { stop, finished });
  }

  private async passes(job: ClusterJobRecord, stopped: AbortSignal): Promise<void> {
    const { record } = job;
    let failures = 0;
    const acksInDoubt = new AcksInDoubt();
    while (record.status === 'running' && !stopped.aborted) {
      const doneBefore = record.done;
      let lastWrite = 0;
      const progress = (counters: PassCounters) => {
        record.done = doneBefore + counters.done;
        record.skipped = counters.skipped;
        record.failed = counters.failed;
        if (this.now() - lastWrite >= PROGRESS_WRITE_MS) {
          lastWrite = this.now();
          void this.save(job).catch(() => undefined);
        }
      };
      try {
        const pacer = pacing(record.spec, stopped);
        const end = await this.options.amqp(job.clusterId).withConfirmChannel(job.vhost, (channel) =>
          runReplayPass(channel, record.queue, record.spec, this.options.amqp(job.clusterId).username, {
            keepGoing: () => record.status === 'running' && !stopped.aborted,
            moveBudget: record.total - doneBefore,
            pace: pacer,
            progress,
            acksInDoubt,
          }),
        );
        failures = 0;
        if (record.status === 'running' && !stopped.aborted) {
          record.status = 'completed';
          record.finishedAt = this.now();
          if (end === 'hold_full') record.error = 'The pass stopped after leaving its limit of messages in place; start another replay for the rest';
        }
      } catch (error) {
        if (record.status !== 'running' || stopped.aborted || !this.options.isAttached(job.clusterId)) break;
        failures += 1;
        record.error = `Retrying through the next node (${failures}/${RETRY_LIMIT}): ${error instanceof Error ? error.message : String(error)}`;
        if (failures >= RETRY_LIMIT) {
          record.status = 'failed';
          record.finishedAt = this.now();
          record.error = `Gave up after ${RETRY_LIMIT} failed passes: ${error instanceof Error ? error.message : String(error)}`;
        } else {
          await this.save(job).catch(() => undefined);
          await delay(RETRY_DELAY_MS, stopped);
          continue;
        }
      }
      if (record.status === 'completed' && record.error?.startsWith('Retrying')) delete record.error;
      await this.save(job).catch(() => undefined);
    }
  }
}

function notActive(job: ClusterJobRecord, verb: string, from: string[]): EngineError {
  return new EngineError('precondition_failed', `job '${job.record.id}' is ${job.record.status}: only a job that is ${from.join(' or ')} can be ${verb}`, {
    kind: 'job',
    name: job.record.id,
    status: job.record.status,
  });
}

interface Destination {
  kind: 'queue' | 'exchange';
  name: string;
}

/** The queue or exchange a replay sends to, when it names one that may not exist (not the source, nor the default exchange). */
function namedDestination(spec: ReplaySpec): Destination | undefined {
  if (spec.to === 'source') return undefined;
  if ('queue' in spec.to) return { kind: 'queue', name: spec.to.queue };
  return spec.to.exchange === '' ? undefined : { kind: 'exchange', name: spec.to.exchange };
}

/**
 * The destination must exist before anything moves or is read: a queue or exchange that does not is `not_found`. A
 * passive declare: the channel closes with 404 when it does not exist.
 */
async function checkDestination(channel: ConfirmChannel, destination: Destination): Promise<void> {
  if (destination.kind === 'queue') await channel.checkQueue(destination.name);
  else await channel.checkExchange(destination.name);
}

/** Waits for each publish's slot at the job's rate (none: no wait); a stop ends the wait at once. */
function pacing(spec: ReplaySpec, stopped: AbortSignal): () => Promise<void> {
  if (!spec.ratePerSec) return async () => undefined;
  const gapMs = 1000 / spec.ratePerSec;
  let next = 0;
  return async () => {
    const now = Date.now();
    next = Math.max(now, next + gapMs);
    await delay(next - now, stopped);
  };
}

function delay(ms: number, stopped: AbortSignal): Promise<void> {
  if (ms <= 0 || stopped.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stopped.removeEventListener('abort', done);
      resolve();
    }
    stopped.addEventListener('abort', done, { once: true });
  });
}
