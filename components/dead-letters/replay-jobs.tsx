/** @module A replay job under way (progress bar, pause, resume, cancel) and the queue's past replays. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { formatCount } from '@/components/queues/format-count';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { Job } from '@/lib/client/types';
import { isJobActive, jobHandled, jobOutcomeLabel, jobProgressPercent, jobStatusLabel, jobTone, sortJobs } from '@/lib/console/replay-job';
import { deadLetterKeys } from './dead-letter-keys';
import { useJobProgress } from './use-job-progress';

const JOBS_REFRESH_MS = 2000;

function ProgressBar({ job }: { job: Job }) {
  const percent = jobProgressPercent(job);
  return (
    <div
      role="progressbar"
      aria-label="Replay progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%: ${jobHandled(job)} of ${job.total}`}
      className="h-3 w-full overflow-hidden rounded-full border border-line bg-surface-muted"
    >
      <div className={`h-full ${job.status === 'failed' ? 'bg-danger' : 'bg-accent'} transition-[width]`} style={{ width: `${percent}%` }} />
    </div>
  );
}

export function ActiveJob({ jobId, queue, onClose }: { jobId: string; queue: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const job = useJobProgress(jobId);
  const status = job.data?.status;
  const active = job.data ? isJobActive(job.data) : true;
  useEffect(() => {
    // Each step and the end of the job move counts: refresh them.
    void queryClient.invalidateQueries({ queryKey: deadLetterKeys.jobs(queue) });
    if (!active) void queryClient.invalidateQueries({ queryKey: deadLetterKeys.all });
  }, [status, active, queue, queryClient]);
  const refresh = (updated?: Job) => {
    if (updated) queryClient.setQueryData(deadLetterKeys.job(jobId), updated);
    void queryClient.invalidateQueries({ queryKey: deadLetterKeys.job(jobId) });
    void queryClient.invalidateQueries({ queryKey: deadLetterKeys.jobs(queue) });
  };
  const pause = useMutation({ mutationFn: () => browserClient.pauseJob(jobId), onSuccess: refresh });
  const resume = useMutation({ mutationFn: () => browserClient.resumeJob(jobId), onSuccess: refresh });
  const cancel = useMutation({ mutationFn: () => browserClient.cancelJob(jobId), onSuccess: () => refresh() });
  const actionError = pause.error ?? resume.error ?? cancel.error;
  const mayControl = useCan().controlJob(queue);

  return (
    <section aria-label="Current replay" className="flex flex-col gap-3 rounded-md border border-line bg-surface-muted/40 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          Replay <span className="font-mono">{jobId}</span>
        </h3>
        {job.data ? (
          <p role="status" className="text-sm font-medium" data-job-status={job.data.status}>
            {jobStatusLabel(job.data)}
          </p>
        ) : null}
      </div>
      {job.error ? <ErrorAlert error={job.error} title="Could not read the job" /> : null}
      {job.data ? (
        <>
          <ProgressBar job={job.data} />
          <p className="text-sm tabular-nums" data-job-progress>
            {formatCount(job.data.done)} done · {formatCount(job.data.skipped)} skipped · {formatCount(job.data.failed)} failed of{' '}
            {formatCount(job.data.total)}
          </p>
          {job.data.error ? (
            // A job on a cluster says why it is retrying while it still runs; only a failed one failed.
            <ErrorAlert error={new Error(job.data.error)} title={job.data.status === 'failed' ? 'The job failed' : 'The job reports'} />
          ) : null}
        </>
      ) : (
        <p className="text-sm text-ink-muted">Loading…</p>
      )}
      {actionError ? <ErrorAlert error={actionError} title="Could not change the job" /> : null}
      <div className="flex flex-wrap gap-2">
        {status === 'running' ? (
          <GatedButton decision={mayControl} onClick={() => pause.mutate()} disabled={pause.isPending}>
            Pause
          </GatedButton>
        ) : null}
        {status === 'paused' ? (
          <GatedButton decision={mayControl} onClick={() => resume.mutate()} disabled={resume.isPending}>
            Resume
          </GatedButton>
        ) : null}
        {active ? (
          <GatedButton decision={mayControl} onClick={() => cancel.mutate()} disabled={cancel.isPending} className="text-danger">
            Cancel replay
          </GatedButton>
        ) : (
          <Button variant="ghost" onClick={onClose}>
            Dismiss
          </Button>
        )}
      </div>
    </section>
  );
}

const toneClass = { ok: 'text-success', warn: 'text-ink', bad: 'text-danger', neutral: 'text-ink-muted' } as const;

export function JobHistory({ queue, onShow }: { queue: string; onShow: (id: string) => void }) {
  const jobs = useQuery({
    queryKey: deadLetterKeys.jobs(queue),
    queryFn: ({ signal }) => browserClient.listJobs({ queue }, { signal }),
    refetchInterval: JOBS_REFRESH_MS,
  });
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Past replays</h3>
      {jobs.error ? <ErrorAlert error={jobs.error} title="Could not load the jobs" /> : null}
      {jobs.data && jobs.data.length === 0 ? <p className="text-sm text-ink-muted">No replays from this queue yet.</p> : null}
      {jobs.data && jobs.data.length > 0 ? (
        <ul className="flex flex-col divide-y divide-line text-sm" aria-label="Past replays">
          {sortJobs(jobs.data).map((job) => (
            <li key={job.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5" data-job={job.id}>
              <span className={toneClass[jobTone(job)]}>{jobOutcomeLabel(job)}</span>
              <span className="flex items-center gap-2 text-xs text-ink-muted">
                <time dateTime={new Date(job.startedAt).toISOString()}>{new Date(job.startedAt).toLocaleString()}</time>
                {isJobActive(job) ? (
                  <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => onShow(job.id)}>
                    Show progress
                  </Button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
