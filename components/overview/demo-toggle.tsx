/** @module "Load demo" / "Stop demo" on the Overview: a shop that makes every chart move, prominent on an empty install. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { browserClient } from '@/lib/client/browser-client';
import type { DemoAction } from '@/lib/client/types';
import { onlyDemoQueues } from '@/lib/console/demo-prominence';

const demoKey = ['demo'] as const;

export interface DemoToggleProps {
  /** Names of the queues there are now; undefined until known (then the toggle stays small). */
  queueNames?: readonly string[];
}

export function DemoToggle({ queueNames }: DemoToggleProps) {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: demoKey, queryFn: ({ signal }) => browserClient.demoStatus({ signal }), refetchInterval: 10_000 });
  const control = useMutation({
    mutationFn: (action: DemoAction) => browserClient.controlDemo(action),
    onSuccess: (next) => {
      queryClient.setQueryData(demoKey, next);
      void queryClient.invalidateQueries({ queryKey: ['overview'] });
    },
  });

  const running = status.data?.running ?? false;
  const prominent = !running && queueNames !== undefined && onlyDemoQueues(queueNames);
  const action: DemoAction = running ? 'stop' : 'start';
  const label = control.isPending ? (action === 'start' ? 'Loading demo…' : 'Stopping demo…') : running ? 'Stop demo' : 'Load demo';
  const button = (
    <Button variant={prominent ? 'primary' : 'secondary'} onClick={() => control.mutate(action)} disabled={control.isPending || status.isPending}>
      {label}
    </Button>
  );
  const error = control.isError ? (
    <ErrorAlert error={control.error} title={action === 'start' ? 'Could not start the demo' : 'Could not stop the demo'} />
  ) : null;

  if (prominent) {
    return (
      <section aria-label="Demo" className="flex w-full flex-col gap-3 rounded-lg border border-accent bg-surface px-4 py-4 shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-base font-semibold text-ink">Nothing to watch yet?</h2>
            <p className="text-sm text-ink-muted">
              Load a demo shop: an <span className="font-mono">orders</span> topic exchange feeding inventory, billing, notifications and
              analytics, and a fulfilment work queue whose failures pile up in a dead-letter queue. It runs until you stop it.
            </p>
          </div>
          {button}
        </div>
        {error}
      </section>
    );
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex items-center gap-3">
        {running ? (
          <p className="text-sm text-ink-muted" aria-live="polite">
            The demo shop is running.
          </p>
        ) : null}
        {button}
      </div>
      {error}
    </div>
  );
}
