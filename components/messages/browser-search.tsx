/**
 * @module The message browser's search form: text to match and, where the queue can be read from a time, the time
 * to read from (the viewer's local time). Submitting starts again at the first page; Clear drops both.
 */
'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { BrowserPlace } from '@/lib/console/cursor-stack';
import { fromLocalInput, toLocalInput } from '@/lib/console/local-time-input';

export interface BrowserSearchProps {
  place: BrowserPlace;
  /** False where a read cannot start from a time (get-and-requeue): the field is left out. */
  withSince: boolean;
  /** `since`: an ISO 8601 instant, or undefined to read from the head. */
  onSearch: (search: string, since: string | undefined) => void;
}

export function BrowserSearch({ place, withSince, onSearch }: BrowserSearchProps) {
  const [draft, setDraft] = useState(place.search);
  const [sinceDraft, setSinceDraft] = useState(toLocalInput(place.since));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(draft, withSince ? fromLocalInput(sinceDraft) : undefined);
  };
  return (
    <form role="search" onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <TextField
        label="Search messages"
        type="search"
        name="search"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        hint="Message id, routing key, header value or payload text."
        className="min-w-64 flex-1"
      />
      {withSince ? (
        <TextField
          label="Published since"
          type="datetime-local"
          name="since"
          step={1}
          value={sinceDraft}
          onChange={(event) => setSinceDraft(event.target.value)}
          hint="Your local time; empty reads from the head."
          className="w-64"
        />
      ) : null}
      <div className="flex gap-2 pb-5">
        <Button type="submit" variant="primary">
          Search
        </Button>
        {place.search || place.since ? (
          <Button
            onClick={() => {
              setDraft('');
              setSinceDraft('');
              onSearch('', undefined);
            }}
          >
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}
