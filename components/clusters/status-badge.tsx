/** @module A small badge that says a state in words (never by colour alone), in the success, danger or muted tones of both themes. */

export type BadgeTone = 'good' | 'bad' | 'neutral';

const tones: Record<BadgeTone, { badge: string; dot: string }> = {
  good: { badge: 'border-success-line bg-success-surface text-success', dot: 'bg-success' },
  bad: { badge: 'border-danger-line bg-danger-surface text-danger', dot: 'bg-danger' },
  neutral: { badge: 'border-line bg-surface-muted text-ink-muted', dot: 'bg-ink-muted' },
};

export function StatusBadge({ tone, children }: { tone: BadgeTone; children: string }) {
  const { badge, dot } = tones[tone];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${badge}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${dot}`} />
      {children}
    </span>
  );
}
