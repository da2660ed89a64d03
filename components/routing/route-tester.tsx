/**
 * @module The route tester: a routing key, headers and a payload for an exchange; shows where the message would go
 * (the canvas lights the path) and can publish it for real.
 */
'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { PublishResult, RouteTestResult } from '@/lib/client/types';
import { publishBody, routeTestBody, type RouteTestValues } from '@/lib/console/route-test-form';
import { ALLOWED } from '@/lib/console/viewer-permissions';
import { SelectField } from './select-field';

export interface RouteTesterProps {
  exchangeNames: readonly string[];
  exchange: string;
  onExchangeChange: (name: string) => void;
  /** The answer to show on the canvas, or undefined to clear it. */
  onResult: (result: { exchange: string; answer: RouteTestResult } | undefined) => void;
  result: RouteTestResult | undefined;
  onPublished: () => void;
}

const textAreaClass =
  'rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus';

export function RouteTester({ exchangeNames, exchange, onExchangeChange, onResult, result, onPublished }: RouteTesterProps) {
  const [values, setValues] = useState<RouteTestValues>({ routingKey: '', headers: '', payload: '' });
  const [formError, setFormError] = useState<string>();
  const [published, setPublished] = useState<PublishResult & { exchange: string }>();
  const can = useCan();
  // Nothing to decide until an exchange is chosen (the button waits for one).
  const mayPublish = exchange === '' ? ALLOWED : can.publish(exchange);
  const set = (field: keyof RouteTestValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const test = useMutation({
    mutationFn: () => {
      const { body, error } = routeTestBody(values);
      if (!body) throw new Error(error);
      return browserClient.routeTest(exchange, body);
    },
    onSuccess: (answer) => onResult({ exchange, answer }),
  });
  const publish = useMutation({
    mutationFn: () => {
      const { body, error } = publishBody(values);
      if (!body) throw new Error(error);
      return browserClient.publish(exchange, body);
    },
    onSuccess: (answer) => {
      setPublished({ ...answer, exchange });
      onPublished();
    },
  });

  function check(): boolean {
    const { error } = routeTestBody(values);
    setFormError(error);
    return error === undefined && exchange !== '';
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (check()) test.mutate();
  }

  return (
    <Panel title="Route tester" description="Where would a message go? Nothing is published until you say so.">
      <form onSubmit={submit} className="flex flex-col gap-3">
        <SelectField
          label="Exchange"
          value={exchange}
          onChange={(event) => {
            onExchangeChange(event.target.value);
            onResult(undefined);
          }}
          options={[{ value: '', label: '(choose)' }, ...exchangeNames.map((n) => ({ value: n, label: n }))]}
        />
        <TextField label="Routing key" value={values.routingKey} spellCheck={false} autoComplete="off" inputClassName="font-mono" onChange={(e) => set('routingKey')(e.target.value)} />
        <label className="flex flex-col gap-1 text-sm font-medium text-ink">
          Headers (JSON object)
          <textarea rows={2} spellCheck={false} placeholder='{"region": "eu"}' className={textAreaClass} value={values.headers} onChange={(e) => set('headers')(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-ink">
          Sample payload
          <textarea rows={3} spellCheck={false} className={textAreaClass} value={values.payload} onChange={(e) => set('payload')(e.target.value)} />
        </label>
        {formError ? <p className="text-sm text-danger" role="alert">{formError}</p> : null}
        {test.isError ? <ErrorAlert error={test.error} title="Could not test the route" /> : null}
        <div className="flex flex-wrap items-start gap-2">
          <Button type="submit" variant="primary" disabled={exchange === '' || test.isPending}>
            {test.isPending ? 'Testing…' : 'Test route'}
          </Button>
          <GatedButton decision={mayPublish} disabled={exchange === '' || publish.isPending} onClick={() => check() && publish.mutate()}>
            {publish.isPending ? 'Publishing…' : 'Publish for real'}
          </GatedButton>
          {result ? (
            <Button variant="ghost" onClick={() => onResult(undefined)}>
              Clear
            </Button>
          ) : null}
        </div>
        <div role="status" aria-label="Route test result" className="text-sm">
          {result ? (
            result.queues.length > 0 ? (
              <div>
                <p className="font-medium">
                  Reaches {result.queues.length} {result.queues.length === 1 ? 'queue' : 'queues'}:
                </p>
                <ul className="mt-1 flex flex-col gap-0.5" aria-label="Queues reached">
                  {result.queues.map((queue) => (
                    <li key={queue} className="font-mono break-all">
                      {queue}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="font-medium text-danger">Unroutable: no queue would receive this message.</p>
            )
          ) : null}
        </div>
        {publish.isError ? <ErrorAlert error={publish.error} title="Could not publish" /> : null}
        <div role="status" aria-label="Publish result" className="text-sm">
          {published ? (
            <p className={published.routed ? 'text-success' : 'text-danger'}>
              {published.routed
                ? `Published to ${published.exchange}: routed to ${published.queues} ${published.queues === 1 ? 'queue' : 'queues'}.`
                : `Published to ${published.exchange}: not routed to any queue.`}{' '}
              <span className="font-mono text-ink-muted">({published.messageId})</span>
            </p>
          ) : null}
        </div>
      </form>
    </Panel>
  );
}
