/**
 * @module The dialog both attaching and editing a cluster use: the fields, what the browser can check at once, then the
 * server's check (a busy "Checking the cluster…" that can be stopped), and the server's refusal on the field it names.
 */
'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { ModalDialog } from '@/components/ui/modal-dialog';
import type { SavedCluster } from '@/lib/client/cluster-types';
import { serverFieldProblem, type BodyResult, type ClusterFormValues, type FieldProblem } from '@/lib/console/cluster-form';
import { ClusterFormFields } from './cluster-form-fields';
import { isAbort, useCheckedSave } from './use-checked-save';

export interface ClusterFormDialogProps<B> {
  open: boolean;
  title: string;
  mode: 'attach' | 'edit';
  initial: ClusterFormValues;
  hasCa?: boolean;
  toBody: (values: ClusterFormValues) => BodyResult<B>;
  save: (body: B, signal: AbortSignal) => Promise<SavedCluster>;
  submitLabel: string;
  failureTitle: string;
  onClose: () => void;
  onSaved: (cluster: SavedCluster) => void;
}

export function ClusterFormDialog<B>(props: ClusterFormDialogProps<B>) {
  return (
    <ModalDialog open={props.open} title={props.title} onClose={props.onClose} wide>
      {/* Mounted only while open: each opening starts from `initial`, and closing mid-check aborts it. */}
      <ClusterForm {...props} />
    </ModalDialog>
  );
}

function ClusterForm<B>({ mode, initial, hasCa, toBody, save, submitLabel, failureTitle, onClose, onSaved }: ClusterFormDialogProps<B>) {
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const { mutation, cancelled, cancel } = useCheckedSave(save, onSaved);
  const pending = mutation.isPending;
  const failed = mutation.isError && !isAbort(mutation.error);
  const fromServer = failed ? serverFieldProblem(mutation.error) : undefined;
  const shown = fromServer ? [...problems, fromServer] : problems;
  const general = shown.filter((problem) => problem.field === undefined);
  const outcome = useRef<HTMLDivElement>(null);
  // The form is taller than many screens: what the check is doing, and why it failed, must not stay below the fold.
  useEffect(() => {
    if (pending || failed) outcome.current?.scrollIntoView({ block: 'nearest' });
  }, [pending, failed]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const result = toBody(values);
    setProblems(result.ok ? [] : result.problems);
    if (!result.ok) return;
    mutation.mutate(result.body);
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={pending} className="flex flex-col gap-4">
      <ClusterFormFields values={values} onChange={setValues} problems={shown} mode={mode} hasCa={hasCa} />
      {general.length > 0 ? (
        <ul role="alert" className="list-disc rounded-md border border-danger-line bg-danger-surface py-2 pr-3 pl-7 text-sm text-danger">
          {general.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      <div ref={outcome} className="flex flex-col gap-4">
        {failed ? <ErrorAlert error={mutation.error} title={failureTitle} /> : null}
        <div className="flex flex-wrap items-start justify-between gap-3">
          {/* Always rendered, so screen readers hear the check start and end. */}
          <p role="status" className="min-w-0 flex-1 basis-48 text-sm text-ink-muted">
            {pending
              ? 'Checking the cluster… Switchboard is logging in to its management API and AMQP; this can take up to 10 seconds.'
              : cancelled
                ? 'Stopped waiting for the check. If the server had finished it already, the cluster shows in the list.'
                : ''}
          </p>
          <div className="ml-auto flex shrink-0 items-start gap-2">
            {/* While the server checks, this stops the check and keeps the form, so a typo can be fixed and sent again. */}
            <Button onClick={pending ? cancel : onClose}>{pending ? 'Stop checking' : 'Cancel'}</Button>
            {/* aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus to the page. */}
            <Button type="submit" variant="primary" aria-disabled={pending ? 'true' : undefined} className={pending ? 'cursor-progress opacity-80' : ''}>
              {pending ? (
                <>
                  <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
                  Checking the cluster…
                </>
              ) : (
                submitLabel
              )}
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}
