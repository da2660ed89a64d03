/**
 * @module Which columns of the queue table the broker in scope can fill, and why not the others: the oldest ready
 * message's age (and its sort) needs the broker to measure it; the last-minute sparklines need its queue metrics. A
 * sort the broker cannot do (kept in a link, say) falls back to the default rather than failing.
 */
import type { BrokerAbilities } from './broker-abilities';
import { DEFAULT_QUEUE_SORT, type QueueListState, type QueueSortField } from './queue-list-url';

export type QueueColumn = 'oldest' | 'lastMinute';

export interface HiddenQueueColumn {
  column: QueueColumn;
  label: string;
  reason: string;
  /** The sort the column offered, not offered either. */
  sort?: QueueSortField;
}

export function hiddenQueueColumns(abilities: BrokerAbilities): HiddenQueueColumn[] {
  const hidden: HiddenQueueColumn[] = [];
  const oldest = abilities.capability('oldestReadyAge');
  if (!oldest.allowed) hidden.push({ column: 'oldest', label: 'Oldest', reason: oldest.reason, sort: 'oldestReadyAgeMs' });
  const sparklines = abilities.operation('getQueueMetrics');
  if (!sparklines.allowed) hidden.push({ column: 'lastMinute', label: 'Last minute', reason: sparklines.reason });
  return hidden;
}

/** The state with its sort, unless a hidden column offered it: then the default sort. */
export function withAvailableSort(state: QueueListState, hidden: readonly HiddenQueueColumn[]): QueueListState {
  const field = state.sort.replace(/^-/, '');
  return hidden.some((column) => column.sort === field) ? { ...state, sort: DEFAULT_QUEUE_SORT, cursors: [] } : state;
}
