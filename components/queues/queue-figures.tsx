/**
 * @module The queue page's figures: counts, consumers, the oldest ready message's age and rates. A figure the broker
 * does not measure (the oldest age on RabbitMQ) is left out, and the reason said once below them.
 */
'use client';

import type { Queue } from '@/lib/client/types';
import type { BrokerAbilities } from '@/lib/console/broker-abilities';
import { formatRate } from '@/lib/console/format-rate';
import { formatCount } from './format-count';
import { formatDuration } from './format-duration';

export function QueueFigures({ queue, abilities }: { queue: Queue; abilities: BrokerAbilities }) {
  const oldest = abilities.capability('oldestReadyAge');
  const figures: [string, string][] = [
    ['Ready', formatCount(queue.messagesReady)],
    ['Unacked', formatCount(queue.messagesUnacked)],
    ['Total', formatCount(queue.messages)],
    ['Consumers', formatCount(queue.consumers)],
    ...(oldest.allowed ? [['Oldest', queue.oldestReadyAgeMs === null ? '—' : formatDuration(queue.oldestReadyAgeMs)] as [string, string]] : []),
    ['Publish', formatRate(queue.rates.publish)],
    ['Deliver', formatRate(queue.rates.deliver)],
    ['Ack', formatRate(queue.rates.ack)],
  ];
  return (
    <div className="flex flex-col gap-1">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-line bg-surface px-3 py-2">
            <dt className="text-xs text-ink-muted">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-figure={label}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {oldest.allowed ? null : (
        <p className="text-xs text-ink-muted" data-refusal>
          No “Oldest” figure: {oldest.reason}.
        </p>
      )}
    </div>
  );
}
