/** @module Messages picked in the browser, kept across pages, and the replay body that sends exactly those. */
import type { ReplayBody } from '@/lib/client/types';

/** The API takes at most this many ids in one replay. */
export const MAX_SELECTED_IDS = 10_000;

export type Selection = ReadonlySet<string>;

export const emptySelection: Selection = new Set<string>();

/** Adds or removes one id; `on` defaults to the opposite of its current state. */
export function toggleSelected(selection: Selection, id: string, on = !selection.has(id)): Selection {
  if (on === selection.has(id)) return selection;
  const next = new Set(selection);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** Selects or clears every id of one page, leaving other pages' choices alone. */
export function setPageSelected(selection: Selection, pageIds: readonly string[], on: boolean): Selection {
  const next = new Set(selection);
  for (const id of pageIds) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next.size === selection.size && pageIds.every((id) => selection.has(id) === on) ? selection : next;
}

/** How much of this page is selected, for the "select all on this page" checkbox (some = indeterminate). */
export function pageSelectionState(selection: Selection, pageIds: readonly string[]): 'none' | 'some' | 'all' {
  const picked = pageIds.filter((id) => selection.has(id)).length;
  if (picked === 0) return 'none';
  return picked === pageIds.length ? 'all' : 'some';
}

export function selectedLabel(count: number): string {
  return `${count.toLocaleString('en-US')} selected`;
}

export type SelectedDestination = { kind: 'source' } | { kind: 'queue'; queue: string };

export type SelectedReplayResult = { ok: true; body: ReplayBody } | { ok: false; errors: string[] };

/** The body of `POST /queues/{name}/replay` for the selected messages, in the order they were picked. */
export function buildSelectedReplayBody(selection: Selection, destination: SelectedDestination): SelectedReplayResult {
  const errors: string[] = [];
  const messageIds = [...selection];
  if (messageIds.length === 0) errors.push('Select at least one message.');
  if (messageIds.length > MAX_SELECTED_IDS) errors.push(`Select at most ${MAX_SELECTED_IDS.toLocaleString('en-US')} messages at a time.`);
  let to: ReplayBody['to'] = 'source';
  if (destination.kind === 'queue') {
    const queue = destination.queue.trim();
    if (!queue) errors.push('Name the destination queue.');
    to = { queue };
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, body: { messageIds, to } };
}
