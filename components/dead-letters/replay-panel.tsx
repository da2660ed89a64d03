/** @module The selected dead-letter queue: its sources, the replay form with a preview, the running job and past jobs. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { formatCount } from '@/components/queues/format-count';
import { queueHref } from '@/components/queues/queue-href';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { browserClient } from '@/lib/client/browser-client';
import type { Job, ReplayBody } from '@/lib/client/types';
import type { DeadLetterQueueInfo } from '@/lib/console/dead-letter-discovery';
import {
  buildReplayBody,
  DEATH_REASONS,
  describeDestination,
  initialReplayForm,
  previewText,
  type ReplayForm,
} from '@/lib/console/replay-form';
import { isJobActive, jobHandled, jobOutcomeLabel, jobProgressPercent, jobStatusLabel, jobTone, sortJobs } from '@/lib/console/replay-job';
import { deadLetterKeys } from './dead-letter-keys';
import { useJobProgress } from './use-job-progress';

const JOBS_REFRESH_MS = 2000;
const COUNTS_REFRESH_MS = 2000;

const fieldClass =
  'rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-focus';

function SourceQueueFigure({ name }: { name: string }) {
  const queue = useQuery({
    queryKey: deadLetterKeys.queue(name),
    queryFn: ({ signal }) => browserClient.getQueue(name, { signal }),
    refetchInterval: COUNTS_REFRESH_MS,
  });
  return (
    <li className="flex justify-between gap-3 text-sm" data-source-queue={name}>
      <Link href={queueHref(name)} className="rounded font-mono break-all text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
        {name}
      </Link>
      {queue.error ? (
        <span className="text-danger">{queue.error instanceof Error ? queue.error.message : 'Unavailable'}</span>
      ) : (
        <span className="tabular-nums">
          <span data-figure="source ready">{queue.data ? formatCount(queue.data.messagesReady) : '…'}</span> ready
        </span>
      )}
    </li>
  );
}

function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="text-sm font-medium text-ink">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              className="size-4 accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function LabelledControl({ label, hint, children }: { label: string; hint?: string; children: (id: string, hintId?: string) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children(id, hintId)}
      {hint ? (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function ReplayFormFields({ form, set, sources }: { form: ReplayForm; set: (patch: Partial<ReplayForm>) => void; sources: string[] }) {
  const listId = useId();
  return (
    <div className="flex flex-col gap-4">
      <RadioGroup
        legend="Messages"
        name="scope"
        value={form.scope}
        onChange={(scope) => set({ scope })}
        options={[
          { value: 'all', label: 'All messages' },
          { value: 'filtered', label: 'Only matching a filter' },
        ]}
      />
      {form.scope === 'filtered' ? (
        <div className="grid gap-3 rounded-md border border-line p-3 sm:grid-cols-2">
          <LabelledControl label="Reason">
            {(id) => (
              <select id={id} value={form.reason} onChange={(e) => set({ reason: e.target.value as ReplayForm['reason'] })} className={fieldClass}>
                <option value="">Any reason</option>
                {DEATH_REASONS.map((reason) => (
                  <option key={reason} value={reason}>
                    {reason}
                  </option>
                ))}
              </select>
            )}
          </LabelledControl>
          <TextField label="Source queue" list={listId} value={form.sourceQueue} onChange={(e) => set({ sourceQueue: e.target.value })} autoComplete="off" spellCheck={false} />
          <datalist id={listId}>
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <LabelledControl label="Headers" hint="One key=value a line; every one must match.">
            {(id, hintId) => (
              <textarea
                id={id}
                aria-describedby={hintId}
                rows={2}
                value={form.headers}
                onChange={(e) => set({ headers: e.target.value })}
                spellCheck={false}
                className={`${fieldClass} font-mono`}
              />
            )}
          </LabelledControl>
          <div className="grid grid-cols-2 gap-3">
            <TextField label="Older than (s)" hint="Waited at least" inputMode="decimal" value={form.olderThanSec} onChange={(e) => set({ olderThanSec: e.target.value })} />
            <TextField label="Newer than (s)" hint="Waited at most" inputMode="decimal" value={form.newerThanSec} onChange={(e) => set({ newerThanSec: e.target.value })} />
          </div>
        </div>
      ) : null}
      <RadioGroup
        legend="Destination"
        name="destination"
        value={form.destination}
        onChange={(destination) => set({ destination })}
        options={[
          { value: 'source', label: 'Back to their source (x-death)' },
          { value: 'queue', label: 'A queue' },
          { value: 'exchange', label: 'An exchange' },
        ]}
      />
      {form.destination === 'queue' ? (
        <TextField label="Destination queue" value={form.queue} onChange={(e) => set({ queue: e.target.value })} autoComplete="off" spellCheck={false} />
      ) : null}
      {form.destination === 'exchange' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Destination exchange" hint="amq.default for the default exchange" value={form.exchange} onChange={(e) => set({ exchange: e.target.value })} autoComplete="off" spellCheck={false} />
          <TextField label="Routing key" value={form.routingKey} onChange={(e) => set({ routingKey: e.target.value })} autoComplete="off" spellCheck={false} />
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Rate (messages/s)" hint="Empty for as fast as possible" inputMode="decimal" value={form.ratePerSec} onChange={(e) => set({ ratePerSec: e.target.value })} />
        <TextField label="Max redrives" hint="A message replayed more often than this stays (skipped)" inputMode="numeric" value={form.maxRedrives} onChange={(e) => set({ maxRedrives: e.target.value })} />
      </div>
    </div>
  );
}

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

function ActiveJob({ jobId, queue, onClose }: { jobId: string; queue: string; onClose: () => void }) {
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
          {job.data.error ? <ErrorAlert error={new Error(job.data.error)} title="The job failed" /> : null}
        </>
      ) : (
        <p className="text-sm text-ink-muted">Loading…</p>
      )}
      {actionError ? <ErrorAlert error={actionError} title="Could not change the job" /> : null}
      <div className="flex flex-wrap gap-2">
        {status === 'running' ? (
          <Button onClick={() => pause.mutate()} disabled={pause.isPending}>
            Pause
          </Button>
        ) : null}
        {status === 'paused' ? (
          <Button onClick={() => resume.mutate()} disabled={resume.isPending}>
            Resume
          </Button>
        ) : null}
        {active ? (
          <Button onClick={() => cancel.mutate()} disabled={cancel.isPending} className="text-danger">
            Cancel replay
          </Button>
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

function JobHistory({ queue, onShow }: { queue: string; onShow: (id: string) => void }) {
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

export function ReplayPanel({ queue, info }: { queue: string; info: DeadLetterQueueInfo | undefined }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ReplayForm>(initialReplayForm);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ count: number; body: ReplayBody } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const counts = useQuery({
    queryKey: deadLetterKeys.counts(queue),
    queryFn: ({ signal }) => browserClient.deadLetterCounts(queue, { signal }),
    refetchInterval: COUNTS_REFRESH_MS,
  });
  const sources = [...new Set([...(info?.feeders ?? []), ...Object.keys(counts.data?.bySourceQueue ?? {})])].sort();

  const dryRun = useMutation({
    mutationFn: async (body: ReplayBody) => {
      const result = await browserClient.replay(queue, body);
      if (!('count' in result)) throw new Error('The server started a job instead of counting.');
      return { count: result.count, body };
    },
    onSuccess: (result) => {
      if (result.count === 0) setNotice(previewText(0));
      else setPreview(result);
    },
  });
  const start = useMutation({
    mutationFn: async (body: ReplayBody) => {
      const { dryRun: _dry, ...rest } = body;
      const result = await browserClient.replay(queue, rest);
      if (!('jobId' in result)) throw new Error('The server did not start a job.');
      return result.jobId;
    },
    onSuccess: (id) => {
      setPreview(null);
      setJobId(id);
      void queryClient.invalidateQueries({ queryKey: deadLetterKeys.jobs(queue) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    start.reset();
    const built = buildReplayBody(form, { dryRun: true });
    if (!built.ok) {
      setFormErrors(built.errors);
      return;
    }
    setFormErrors([]);
    dryRun.mutate(built.body);
  };

  return (
    <Panel
      title={`Replay from ${queue}`}
      description={
        counts.data ? (
          <span>
            <span className="tabular-nums">{formatCount(counts.data.total)}</span> dead letters ready
          </span>
        ) : undefined
      }
    >
      <div className="flex flex-col gap-5">
        {info === undefined ? (
          <p className="text-sm text-ink-muted">This queue is not among the dead-letter queues found; you can still replay from it.</p>
        ) : null}
        {counts.error ? <ErrorAlert error={counts.error} title="Could not load the counts" /> : null}
        {sources.length > 0 ? (
          <div>
            <h3 className="text-sm font-semibold">Source queues</h3>
            <ul className="mt-1 flex flex-col gap-1" aria-label="Source queues">
              {sources.map((name) => (
                <SourceQueueFigure key={name} name={name} />
              ))}
            </ul>
          </div>
        ) : null}

        {jobId ? <ActiveJob key={jobId} jobId={jobId} queue={queue} onClose={() => setJobId(null)} /> : null}

        <form onSubmit={submit} noValidate aria-label="Replay dead letters" className="flex flex-col gap-4">
          <ReplayFormFields form={form} set={(patch) => setForm((f) => ({ ...f, ...patch }))} sources={sources} />
          {formErrors.length > 0 ? (
            <div role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
              <p className="font-semibold">Fix these first:</p>
              <ul className="list-disc pl-5">
                {formErrors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {dryRun.error ? <ErrorAlert error={dryRun.error} title="Could not preview the replay" /> : null}
          {notice ? (
            <p role="status" className="text-sm text-ink-muted">
              {notice}
            </p>
          ) : null}
          <div>
            <Button type="submit" variant="primary" disabled={dryRun.isPending}>
              {dryRun.isPending ? 'Counting…' : 'Preview replay'}
            </Button>
          </div>
        </form>

        <JobHistory queue={queue} onShow={(id) => setJobId(id)} />
      </div>

      <ConfirmDialog
        open={preview !== null}
        title={`Replay ${preview ? formatCount(preview.count) : ''} ${preview?.count === 1 ? 'message' : 'messages'} from ${queue}?`}
        confirmLabel="Start replay"
        pending={start.isPending}
        onConfirm={() => preview && start.mutate(preview.body)}
        onCancel={() => {
          setPreview(null);
          start.reset();
        }}
      >
        {preview ? (
          <>
            <p data-replay-preview>{previewText(preview.count)}</p>
            <p className="mt-1">
              They go {describeDestination(preview.body)}
              {preview.body.ratePerSec ? ` at ${preview.body.ratePerSec} per second` : ''}. Each message leaves {queue} only once it is
              stored at its destination.
            </p>
            {start.error ? (
              <div className="mt-2">
                <ErrorAlert error={start.error} title="Could not start the replay" />
              </div>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
    </Panel>
  );
}
