/**
 * @module The fields of a RabbitMQ cluster, for attaching one and for changing it: name, management and AMQP URLs one a
 * line, the user Switchboard logs in as, and an optional CA. When editing, credentials start blank and mean "keep".
 */
'use client';

import { CheckboxField } from '@/components/ui/checkbox-field';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/text-field';
import type { ClusterField } from '@/lib/client/cluster-types';
import type { ClusterFormValues, FieldProblem } from '@/lib/console/cluster-form';

export interface ClusterFormFieldsProps {
  values: ClusterFormValues;
  onChange: (values: ClusterFormValues) => void;
  problems: readonly FieldProblem[];
  mode: 'attach' | 'edit';
  /** Edit only: whether the cluster has a CA now (offers to remove it). */
  hasCa?: boolean;
}

const KEEP = 'Leave blank to keep the one Switchboard has.';

export function ClusterFormFields({ values, onChange, problems, mode, hasCa = false }: ClusterFormFieldsProps) {
  const problemOf = (field: ClusterField) => {
    const lines = problems.filter((p) => p.field === field).map((p) => p.message);
    return lines.length > 0 ? lines.join(' ') : undefined;
  };
  const set = (field: keyof ClusterFormValues) => (event: { target: { value: string } }) => onChange({ ...values, [field]: event.target.value });
  const editing = mode === 'edit';
  return (
    <>
      <TextField label="Name" required maxLength={64} autoComplete="off" spellCheck={false} value={values.name} onChange={set('name')} problem={problemOf('name')} autoFocus />
      <TextAreaField
        label="Management URLs"
        hint="One per line: each node's management API (http:// or https://, port 15672 by default). The first that answers is used."
        rows={2}
        spellCheck={false}
        autoComplete="off"
        inputClassName="font-mono"
        placeholder="http://rabbit-1:15672"
        value={values.managementUrls}
        onChange={set('managementUrls')}
        problem={problemOf('managementUrls')}
      />
      <TextAreaField
        label="AMQP URLs"
        hint="One per line (amqp:// or amqps://, port 5672 by default), without credentials: the user below is used."
        rows={2}
        spellCheck={false}
        autoComplete="off"
        inputClassName="font-mono"
        placeholder="amqp://rabbit-1:5672"
        value={values.amqpUrls}
        onChange={set('amqpUrls')}
        problem={problemOf('amqpUrls')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Username"
          hint={editing ? KEEP : 'Used on the management API and over AMQP.'}
          autoComplete="off"
          spellCheck={false}
          value={values.username}
          onChange={set('username')}
          problem={problemOf('username')}
        />
        <TextField
          label="Password"
          hint={editing ? KEEP : 'Stored encrypted under SWITCHBOARD_SECRET_KEY; never shown again.'}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          problem={problemOf('password')}
        />
      </div>
      {/* Folded away unless there is something in it: most clusters are reached over plain http:// and amqp://. */}
      <details open={values.ca !== '' || problemOf('ca') !== undefined || (editing && hasCa) || undefined}>
        <summary className="cursor-pointer rounded text-sm font-medium text-ink focus-visible:outline-2 focus-visible:outline-focus">CA certificate (optional)</summary>
        <div className="mt-2 flex flex-col gap-3">
          <TextAreaField
            label="CA certificate (PEM)"
            hint={`Of the CA that signed the cluster's certificates, for https:// and amqps:// URLs.${editing && hasCa ? ` ${KEEP}` : ''}`}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            inputClassName="font-mono text-xs"
            placeholder="-----BEGIN CERTIFICATE-----"
            value={values.ca}
            disabled={values.removeCa}
            onChange={set('ca')}
            problem={problemOf('ca')}
          />
          {editing && hasCa ? (
            <CheckboxField label="Remove the CA certificate" hint="Trust only the system's CAs again." checked={values.removeCa} onChange={(event) => onChange({ ...values, removeCa: event.target.checked })} />
          ) : null}
        </div>
      </details>
    </>
  );
}
