/** @module A sortable column header: a real button inside a <th> that carries aria-sort. */
import type { ReactNode } from 'react';

export interface SortHeaderProps {
  label: ReactNode;
  sort: 'ascending' | 'descending' | 'none';
  onSort: () => void;
  align?: 'left' | 'right';
}

export function SortHeader({ label, sort, onSort, align = 'right' }: SortHeaderProps) {
  const arrow = sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '';
  return (
    <th scope="col" aria-sort={sort} className={`px-3 py-2 font-semibold ${align === 'right' ? 'text-right' : 'text-left'}`}>
      <button
        type="button"
        onClick={onSort}
        className="inline-flex items-center gap-1 rounded uppercase tracking-wide hover:text-ink focus-visible:outline-2 focus-visible:outline-focus"
      >
        {label}
        <span aria-hidden="true" className="inline-block w-3 text-[0.6rem]">
          {arrow}
        </span>
      </button>
    </th>
  );
}
