/** @module Above the canvas: search and filters on the left, the editing buttons and Undo on the right. */
'use client';

import { Button } from '@/components/ui/button';
import { GatedButton } from '@/components/ui/gated-button';
import { useCan } from '@/components/viewer/viewer-provider';
import type { ExchangeType } from '@/lib/client/types';
import { ALL_EXCHANGE_TYPES, type RoutingFilter } from '@/lib/console/routing-filter';

export interface RoutingToolbarProps {
  filter: RoutingFilter;
  onFilterChange: (filter: RoutingFilter) => void;
  focusLabel?: string;
  onNewExchange: () => void;
  onNewQueue: () => void;
  onNewBinding: () => void;
  onUndo: () => void;
  canUndo: boolean;
  nextUndo?: string;
}

export function RoutingToolbar(props: RoutingToolbarProps) {
  const { filter, onFilterChange, focusLabel } = props;
  const can = useCan();
  const toggleType = (type: ExchangeType, on: boolean) => {
    const types = new Set(filter.exchangeTypes);
    if (on) types.add(type);
    else types.delete(type);
    onFilterChange({ ...filter, exchangeTypes: types });
  };
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="routing-search" className="text-sm font-medium text-ink">
            Search
          </label>
          <input
            id="routing-search"
            type="search"
            placeholder="Name of an exchange or queue"
            spellCheck={false}
            autoComplete="off"
            value={filter.search}
            onChange={(event) => onFilterChange({ ...filter, search: event.target.value })}
            className="w-64 rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-sm text-ink placeholder:font-sans placeholder:text-ink-muted focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus"
          />
        </div>
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="mb-1 text-sm font-medium text-ink">Exchange types</legend>
          {ALL_EXCHANGE_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" className="size-4 accent-accent" checked={filter.exchangeTypes.has(type)} onChange={(event) => toggleType(type, event.target.checked)} />
              {type}
            </label>
          ))}
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" className="size-4 accent-accent" checked={filter.hideUnbound} onChange={(event) => onFilterChange({ ...filter, hideUnbound: event.target.checked })} />
            Hide unbound
          </label>
        </fieldset>
        {focusLabel ? (
          <p className="flex items-center gap-2 rounded-md border border-accent px-2 py-1 text-sm">
            Only what {focusLabel} touches
            <Button variant="ghost" className="!px-1.5 !py-0.5" onClick={() => onFilterChange({ ...filter, focus: undefined })}>
              Show all
            </Button>
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-start gap-2">
        <GatedButton decision={can.configureSome()} onClick={props.onNewExchange}>
          New exchange
        </GatedButton>
        <GatedButton decision={can.configureSome()} onClick={props.onNewQueue}>
          New queue
        </GatedButton>
        <GatedButton decision={can.bindSome()} onClick={props.onNewBinding}>
          New binding
        </GatedButton>
        <Button onClick={props.onUndo} disabled={!props.canUndo} title={props.nextUndo ? `Undo: ${props.nextUndo} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z Meta+Z">
          Undo
        </Button>
      </div>
    </div>
  );
}
