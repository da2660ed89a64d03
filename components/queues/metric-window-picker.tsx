/** @module The chart window picker (1 min to 30 days) as a labelled radio group, and the live/paused switch. */
'use client';

import { useId } from 'react';
import { METRIC_WINDOWS, type MetricWindow } from '@/lib/console/metric-windows';

export interface MetricWindowPickerProps {
  value: MetricWindow;
  onChange: (window: MetricWindow) => void;
  live: boolean;
  onLiveChange: (live: boolean) => void;
}

export function MetricWindowPicker({ value, onChange, live, onLiveChange }: MetricWindowPickerProps) {
  const name = useId();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="sr-only">Chart window</legend>
        {METRIC_WINDOWS.map((window) => (
          <label
            key={window.id}
            className={`cursor-pointer rounded-md border px-2 py-1 text-xs font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-focus ${
              window.id === value.id ? 'border-accent bg-accent text-accent-ink' : 'border-line text-ink hover:bg-surface-muted'
            }`}
          >
            <input
              type="radio"
              name={name}
              value={window.id}
              checked={window.id === value.id}
              onChange={() => onChange(window)}
              className="sr-only"
            />
            {window.label}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        role="switch"
        aria-checked={live}
        onClick={() => onLiveChange(!live)}
        className="inline-flex items-center gap-2 rounded-md border border-line px-2 py-1 text-xs font-medium text-ink hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-focus"
      >
        <span aria-hidden="true" className={`size-2 rounded-full ${live ? 'bg-success' : 'bg-ink-muted'}`} />
        {live ? 'Live' : 'Paused'}
      </button>
    </div>
  );
}
