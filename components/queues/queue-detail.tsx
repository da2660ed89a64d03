/**
 * @module The Queue page: live figures, charts over a window held in the URL, consumers, arguments, bindings, publish,
 * purge, delete. What the broker in scope cannot do is left out with its reason (useBrokerAbilities), never by kind.
 */
'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { GatedButton, RefusalNote } from '@/components/ui/gated-button';
import { GatedPanel } from '@/components/ui/gated-panel';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { firstRefusal } from '@/lib/console/viewer-permissions';
import { metricWindow, metricsParams } from '@/lib/console/metric-windows';
import { purgePrompt } from '@/lib/console/purge-prompt';
import { formatCount } from './format-count';
import { MetricWindowPicker } from './metric-window-picker';
import { PublishMessageForm } from './publish-message-form';
import { QueueArguments } from './queue-arguments';
import { QueueBindings } from './queue-bindings';
import { QueueCharts } from './queue-charts';
import { QueueConsumers } from './queue-consumers';
import { queueFeatures } from './queue-features';
import { QueueFigures } from './queue-figures';
import { queueHref } from './queue-href';
import { queueKeys } from './queue-keys';

type Dialog = 'purge' | 'delete' | null;

export function QueueDetail({ name }: { name: string }) {
  const router = useRouter();
  // The page's own address from the name (encoded once), not from the router's idea of the path.
  const pathname = queueHref(name);
  const params = useSearchParams();
  const window = metricWindow(params.get('window'));
  const [live, setLive] = useState(true);
  const [dialog, setDialog] = useState<Dialog>(null);
  const queryClient = useQueryClient();
  const can = useCan();
  const broker = useBrokerAbilities();
  const mayBrowse = can.browseMessages(name);
  // The console's browser reads without side effects; where the broker cannot (get-and-requeue on RabbitMQ), the link
  // says what browsing does there. A stream is read by offset, without side effects, everywhere.
  const brokerBrowses = broker.operation('peek');
  const browseSideEffectFree = broker.capability('sideEffectFreeBrowse');
  const mayChart = broker.operation('getQueueMetrics');
  const mayPublish = firstRefusal(broker.operation('publishToQueue'), can.publishToQueue());

  const queue = useQuery({
    queryKey: queueKeys.detail(name),
    queryFn: ({ signal }) => browserClient.getQueue(name, { signal }),
    refetchInterval: live ? 1000 : false,
  });
  const metrics = useQuery({
    queryKey: queueKeys.metrics(name, window.windowMs),
    queryFn: ({ signal }) => browserClient.queueMetrics(name, metricsParams(window), { signal }),
    refetchInterval: live ? window.refreshMs : false,
    placeholderData: keepPreviousData,
    enabled: queue.isSuccess && mayChart.allowed,
  });
  const purge = useMutation({
    mutationFn: () => browserClient.purgeQueue(name),
    onSuccess: () => {
      setDialog(null);
      return queryClient.invalidateQueries({ queryKey: queueKeys.all });
    },
  });
  const remove = useMutation({
    mutationFn: () => browserClient.deleteQueue(name),
    onSuccess: () => {
      setDialog(null);
      void queryClient.invalidateQueries({ queryKey: queueKeys.all });
      router.push('/queues');
    },
  });

  const setWindow = (id: string) => {
    const next = new URLSearchParams(params.toString());
    next.set('window', id);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const data = queue.data;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/queues" className="self-start rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
          ← All queues
        </Link>
        <h1 className="font-mono text-2xl font-semibold tracking-tight break-all">{name}</h1>
        {data ? (
          <p className="text-sm text-ink-muted" data-queue-type={data.type}>
            {queueFeatures(data).join(' · ')}
          </p>
        ) : null}
        {/* The broker first: a permission to browse messages the broker cannot show is no use. */}
        {!brokerBrowses.allowed ? (
          <p className="text-sm text-ink-muted" data-refusal>
            No message browser: {brokerBrowses.reason}.
          </p>
        ) : mayBrowse.allowed ? (
          !browseSideEffectFree.allowed && data?.type !== 'stream' ? (
            <Link
              href={`${queueHref(name)}/messages`}
              title={browseSideEffectFree.reason}
              data-browse-mode="get-and-requeue"
              className="self-start rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus"
            >
              Browse messages (get-and-requeue) →
            </Link>
          ) : (
            <Link href={`${queueHref(name)}/messages`} className="self-start rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
              Browse messages →
            </Link>
          )
        ) : (
          <p className="text-sm text-ink-muted" data-refusal>
            Browsing messages: {mayBrowse.reason.charAt(0).toLowerCase()}
            {mayBrowse.reason.slice(1)}.
          </p>
        )}
      </div>

      {queue.isError ? (
        <ErrorAlert error={queue.error} title={data ? 'Could not refresh; showing the last answer' : 'Could not load the queue'} />
      ) : null}
      {data === undefined ? (
        queue.isPending ? <p className="text-sm text-ink-muted">Loading the queue…</p> : null
      ) : (
        <>
          <section aria-label="Figures" className="flex flex-wrap items-start justify-between gap-4">
            <QueueFigures queue={data} abilities={broker} />
            <div className="flex items-start gap-2">
              <GatedButton decision={firstRefusal(broker.operation('purgeQueue'), can.purgeQueue(name))} onClick={() => setDialog('purge')}>
                Purge
              </GatedButton>
              <GatedButton decision={firstRefusal(broker.operation('deleteQueue'), can.deleteQueue(name))} onClick={() => setDialog('delete')} className="text-danger">
                Delete
              </GatedButton>
            </div>
          </section>
          <div role="status">
            {purge.isSuccess ? (
              <p className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
                Purged {formatCount(purge.data.purged)} {purge.data.purged === 1 ? 'message' : 'messages'}.
              </p>
            ) : null}
          </div>
          {purge.isError ? <ErrorAlert error={purge.error} title="Could not purge" /> : null}
          {remove.isError ? <ErrorAlert error={remove.error} title="Could not delete" /> : null}

          <GatedPanel title="Charts" decision={mayChart}>
            <Panel title="Charts" actions={<MetricWindowPicker value={window} onChange={(w) => setWindow(w.id)} live={live} onLiveChange={setLive} />}>
              {metrics.isError ? <ErrorAlert error={metrics.error} title="Could not load metrics" /> : null}
              {metrics.data ? (
                <QueueCharts metrics={metrics.data} abilities={broker} />
              ) : metrics.isPending ? (
                <p className="text-sm text-ink-muted">Loading charts…</p>
              ) : null}
            </Panel>
          </GatedPanel>

          <div className="grid items-start gap-6 lg:grid-cols-2">
            {mayPublish.allowed ? (
              <PublishMessageForm name={name} />
            ) : (
              <Panel title="Publish a message">
                <RefusalNote decision={mayPublish} />
              </Panel>
            )}
            <div className="flex flex-col gap-6">
              <GatedPanel title="Consumers" decision={broker.operation('listConsumers')}>
                <QueueConsumers name={name} live={live} />
              </GatedPanel>
              <QueueArguments queue={data} />
              <GatedPanel title="Bindings" decision={broker.operation('listBindings')}>
                <QueueBindings queue={data} />
              </GatedPanel>
            </div>
          </div>

          <ConfirmDialog
            open={dialog === 'purge'}
            title={purgePrompt(name, data.messagesReady)}
            confirmLabel="Purge"
            pending={purge.isPending}
            onConfirm={() => purge.mutate()}
            onCancel={() => setDialog(null)}
          >
            Ready messages are deleted for good. Messages out for delivery and not yet acked stay.
          </ConfirmDialog>
          <ConfirmDialog
            open={dialog === 'delete'}
            title={`Delete the queue ${name}?`}
            confirmLabel="Delete queue"
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
            onCancel={() => setDialog(null)}
          >
            The queue, its {formatCount(data.messages)} {data.messages === 1 ? 'message' : 'messages'} and its bindings are removed.
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
