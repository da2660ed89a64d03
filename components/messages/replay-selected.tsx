/** @module The bar over picked messages: how many, "Replay selected…" with a confirmation, and the replay job's progress. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { deadLetterKeys } from '@/components/dead-letters/dead-letter-keys';
import { useJobProgress } from '@/components/dead-letters/use-job-progress';
import { formatCount } from '@/components/queues/format-count';
import { queueKeys } from '@/components/queues/queue-keys';
import { Button } from '@/components/ui/button';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { GatedButton } from '@/components/ui/gated-button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { TextField } from '@/components/ui/text-field';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { ReplayBody } from '@/lib/client/types';
import { buildSelectedReplayBody, selectedLabel, type Selection } from '@/lib/console/message-selection';
import { describeDestination } from '@/lib/console/replay-form';
import { isJobActive, jobStatusLabel } from '@/lib/console/replay-job';
import { firstRefusal } from '@/lib/console/viewer-permissions';
import { messageKeys } from './message-keys';

function SelectedJob({ queue, jobId, onDismiss }: { queue: string; jobId: string; onDismiss: () => void }) {
  const queryClient = useQueryClient();
  const job = useJobProgress(jobId);
  const finished = job.data !== undefined && !isJobActive(job.data);
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: messageKeys.queue(queue) });
    void queryClient.invalidateQueries({ queryKey: queueKeys.all });
    void queryClient.invalidateQueries({ queryKey: deadLetterKeys.all });
  }, [finished, queue, queryClient]);

  return (
    <section aria-label="Replay of selected messages" className="flex flex-col gap-1 text-sm" data-selected-job={jobId}>
      {job.error ? <ErrorAlert error={job.error} title="Could not read the replay job" /> : null}
      {job.data ? (
        <p role="status" data-job-status={job.data.status} className="tabular-nums">
          <span className="font-medium">Replay {jobStatusLabel(job.data).toLowerCase()}:</span>{' '}
          <span data-job-progress>
            {formatCount(job.data.done)} done · {formatCount(job.data.skipped)} skipped · {formatCount(job.data.failed)} failed of {formatCount(job.data.total)}
          </span>
          {job.data.error ? <span className="text-danger"> ({job.data.error})</span> : null}
        </p>
      ) : (
        <p className="text-ink-muted">Starting replay…</p>
      )}
      {finished || job.error ? (
        <div>
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      ) : null}
    </section>
  );
}

export interface ReplaySelectedProps {
  queue: string;
  picked: Selection;
  onClear: () => void;
}

export function ReplaySelected({ queue, picked, onClear }: ReplaySelectedProps) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [destination, setDestination] = useState<'source' | 'queue'>('source');
  const [target, setTarget] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const can = useCan();
  // The broker first: it starts the job (replay) and the bar follows it (getJob).
  const broker = useBrokerAbilities();
  const brokerReplays = firstRefusal(broker.operation('replay'), broker.operation('getJob'));
  const mayReplay = firstRefusal(brokerReplays, destination === 'queue' && target.trim() !== '' ? can.replay(queue, { queue: target.trim() }) : can.replayToSource(queue));

  const start = useMutation({
    mutationFn: async (body: ReplayBody) => {
      const result = await browserClient.replay(queue, body);
      if (!('jobId' in result)) throw new Error('The server did not start a job.');
      return result.jobId;
    },
    onSuccess: (id) => {
      setOpen(false);
      setJobId(id);
      onClear();
      void queryClient.invalidateQueries({ queryKey: deadLetterKeys.all });
    },
  });

  const count = picked.size;
  if (count === 0 && !jobId) return null;

  const confirm = () => {
    const built = buildSelectedReplayBody(picked, destination === 'queue' ? { kind: 'queue', queue: target } : { kind: 'source' });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    start.mutate(built.body);
  };
  const cancel = () => {
    setOpen(false);
    setErrors([]);
    start.reset();
  };
  const previewTo = destination === 'queue' && target.trim() ? describeDestination({ to: { queue: target.trim() } }) : describeDestination({ to: 'source' });

  return (
    <div className="flex flex-col gap-2 rounded-md border border-line bg-surface-muted/40 px-3 py-2" data-selection-bar>
      {count > 0 ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium tabular-nums" data-selected-count>
            {selectedLabel(count)}
          </p>
          <GatedButton
            decision={firstRefusal(brokerReplays, can.controlJob(queue))}
            variant="primary"
            onClick={() => {
              start.reset();
              setErrors([]);
              setOpen(true);
            }}
          >
            Replay selected…
          </GatedButton>
          <Button variant="ghost" onClick={onClear}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {jobId ? <SelectedJob key={jobId} queue={queue} jobId={jobId} onDismiss={() => setJobId(null)} /> : null}

      <ConfirmDialog
        open={open}
        title={`Replay ${formatCount(count)} selected ${count === 1 ? 'message' : 'messages'} from ${queue}?`}
        confirmLabel="Replay"
        pending={start.isPending}
        confirmDecision={mayReplay}
        onConfirm={confirm}
        onCancel={cancel}
      >
        <fieldset className="mt-1 flex flex-col gap-2">
          <legend className="text-sm font-medium text-ink">Destination</legend>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="selected-replay-destination"
              value="source"
              checked={destination === 'source'}
              onChange={() => setDestination('source')}
              className="size-4 accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            />
            Back to their source (x-death)
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="selected-replay-destination"
              value="queue"
              checked={destination === 'queue'}
              onChange={() => setDestination('queue')}
              className="size-4 accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            />
            A queue
          </label>
          {destination === 'queue' ? (
            <TextField label="Destination queue" value={target} onChange={(e) => setTarget(e.target.value)} autoComplete="off" spellCheck={false} />
          ) : null}
        </fieldset>
        <p className="mt-2">
          They go {previewTo}. Each message leaves {queue} only once it is stored at its destination.
        </p>
        {errors.length > 0 ? (
          <ul role="alert" className="mt-2 list-disc rounded-md border border-danger-line bg-danger-surface py-2 pr-3 pl-7 text-sm text-danger">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        ) : null}
        {start.error ? (
          <div className="mt-2">
            <ErrorAlert error={start.error} title="Could not start the replay" />
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
