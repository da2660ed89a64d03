/** @module The selected dead-letter queue: its sources, the replay form with a preview, the running job and past jobs. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { formatCount } from '@/components/queues/format-count';
import { queueHref } from '@/components/queues/queue-href';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { ReplayBody } from '@/lib/client/types';
import type { DeadLetterQueueInfo } from '@/lib/console/dead-letter-discovery';
import { buildReplayBody, describeDestination, initialReplayForm, previewText, type ReplayForm } from '@/lib/console/replay-form';
import { deadLetterKeys } from './dead-letter-keys';
import { ReplayFormFields } from './replay-form-fields';
import { useDeadLetterFigures } from './use-dead-letter-figures';
import { ActiveJob, JobHistory } from './replay-jobs';

const COUNTS_REFRESH_MS = 2000;

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

export function ReplayPanel({ queue, info }: { queue: string; info: DeadLetterQueueInfo | undefined }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ReplayForm>(initialReplayForm);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ count: number; body: ReplayBody } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { counts, ready, error: countsError } = useDeadLetterFigures(queue);
  const abilities = useBrokerAbilities();
  const cleanPreview = abilities.capability('sideEffectFreeReplayPreview');
  const atomic = abilities.capability('atomicReplay');
  const sources = [...new Set([...(info?.feeders ?? []), ...Object.keys(counts.data?.bySourceQueue ?? {})])].sort();
  const can = useCan();
  const mayReplay =
    form.destination === 'queue' && form.queue.trim() !== ''
      ? can.replay(queue, { queue: form.queue.trim() })
      : form.destination === 'exchange' && form.exchange.trim() !== ''
        ? can.replay(queue, { exchange: form.exchange.trim() })
        : can.replayToSource(queue);

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
        ready === undefined ? undefined : (
          <span>
            <span className="tabular-nums">{formatCount(ready)}</span> dead letters ready
          </span>
        )
      }
    >
      <div className="flex flex-col gap-5">
        {info === undefined ? (
          <p className="text-sm text-ink-muted">This queue is not among the dead-letter queues found; you can still replay from it.</p>
        ) : null}
        {countsError ? <ErrorAlert error={countsError} title="Could not load the counts" /> : null}
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
          <div className="flex flex-col gap-1">
            <div>
              <GatedButton decision={mayReplay} type="submit" variant="primary" disabled={dryRun.isPending}>
                {dryRun.isPending ? 'Counting…' : 'Preview replay'}
              </GatedButton>
            </div>
            {cleanPreview.allowed ? null : (
              <p className="text-xs text-ink-muted" data-refusal>
                {cleanPreview.reason}.
              </p>
            )}
          </div>
        </form>

        <JobHistory queue={queue} onShow={(id) => setJobId(id)} />
      </div>

      <ConfirmDialog
        open={preview !== null}
        title={`Replay ${preview ? formatCount(preview.count) : ''} ${preview?.count === 1 ? 'message' : 'messages'} from ${queue}?`}
        confirmLabel="Start replay"
        pending={start.isPending}
        confirmDecision={mayReplay}
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
            {atomic.allowed ? null : (
              <p className="mt-1" data-refusal>
                {atomic.reason}.
              </p>
            )}
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
