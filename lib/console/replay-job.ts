/** @module A replay job's progress and outcome, in the words and numbers the Dead letters page shows. */
import type { Job } from '@/lib/client/types';

type JobCounts = Pick<Job, 'status' | 'total' | 'done' | 'skipped' | 'failed'>;

/** Messages handled so far: moved, skipped or failed. */
export function jobHandled(job: JobCounts): number {
  return job.done + job.skipped + job.failed;
}

/** Whole percent of the job handled, 0–100; a finished job with nothing to do is 100. */
export function jobProgressPercent(job: JobCounts): number {
  if (job.total <= 0) return job.status === 'running' || job.status === 'paused' ? 0 : 100;
  return Math.min(100, Math.max(0, Math.floor((jobHandled(job) / job.total) * 100)));
}

/** Still going (or could go on): worth polling and offering pause/resume/cancel. */
export function isJobActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'running' || job.status === 'paused';
}

const STATUS_LABELS: Record<Job['status'], string> = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export function jobStatusLabel(job: Pick<Job, 'status'>): string {
  return STATUS_LABELS[job.status];
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** One line on how a job went, e.g. "Completed: 5 moved of 5" or "Cancelled: 2 moved, 1 skipped of 10". */
export function jobOutcomeLabel(job: JobCounts & Pick<Job, 'error'>): string {
  const parts = [`${job.done.toLocaleString('en-US')} moved`];
  if (job.skipped > 0) parts.push(`${job.skipped.toLocaleString('en-US')} skipped`);
  if (job.failed > 0) parts.push(`${job.failed.toLocaleString('en-US')} failed`);
  const line = `${STATUS_LABELS[job.status]}: ${parts.join(', ')} of ${plural(job.total, 'message')}`;
  return job.status === 'failed' && job.error ? `${line} (${job.error})` : line;
}

/** "ok" when everything moved, "warn" when some stayed, "bad" when the job failed, "neutral" while active or cancelled. */
export function jobTone(job: JobCounts): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (job.status === 'failed') return 'bad';
  if (job.status === 'completed') return job.skipped + job.failed > 0 ? 'warn' : 'ok';
  return 'neutral';
}

/** Newest first. */
export function sortJobs<T extends Pick<Job, 'startedAt' | 'id'>>(jobs: readonly T[]): T[] {
  return [...jobs].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
}
