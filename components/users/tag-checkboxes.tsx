/** @module RabbitMQ's four user tags as checkboxes, each with what it allows. */
'use client';

import { CheckboxField } from '@/components/ui/checkbox-field';
import { toggleTag, USER_TAGS } from '@/lib/console/user-form';

const meaning: Record<(typeof USER_TAGS)[number], string> = {
  administrator: 'Everything: users, vhosts, permissions, definitions, the audit log.',
  monitoring: 'Sees every vhost’s figures and every connection; payloads still need read permission.',
  policymaker: 'Policies and parameters of the vhosts it may use.',
  management: 'The console and the HTTP API for the vhosts it may use.',
};

export function TagCheckboxes({ tags, onChange, disabled }: { tags: string[]; onChange: (tags: string[]) => void; disabled?: boolean }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-ink">Tags</legend>
      {USER_TAGS.map((tag) => (
        <CheckboxField
          key={tag}
          label={tag}
          hint={meaning[tag]}
          checked={tags.includes(tag)}
          disabled={disabled}
          onChange={(event) => onChange(toggleTag(tags, tag, event.target.checked))}
        />
      ))}
    </fieldset>
  );
}
