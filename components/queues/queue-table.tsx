/** @module The queues as a table: name, settings, ready, unacked, total, consumers. Names render as text only. */
import type { Queue } from '@/lib/client/types';
import { formatCount } from './format-count';
import { queueFeatures } from './queue-features';

const numeric = 'px-3 py-2 text-right whitespace-nowrap tabular-nums';

export function QueueTable({ queues }: { queues: Queue[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Queues with their message counts and consumers</caption>
        <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">Name</th>
            <th scope="col" className="px-3 py-2 font-semibold">Features</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Ready</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Unacked</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Total</th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">Consumers</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {queues.map((queue) => (
            <tr key={queue.name} className="hover:bg-surface-muted/60">
              <th scope="row" className="min-w-32 px-3 py-2 text-left font-mono font-medium break-all text-ink">
                {queue.name}
              </th>
              <td className="px-3 py-2">
                <ul className="flex flex-wrap gap-1">
                  {queueFeatures(queue).map((feature) => (
                    <li key={feature} className="rounded border border-line px-1.5 py-0.5 text-xs text-ink-muted">
                      {feature}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={numeric}>{formatCount(queue.messagesReady)}</td>
              <td className={numeric}>{formatCount(queue.messagesUnacked)}</td>
              <td className={`${numeric} font-semibold`}>{formatCount(queue.messages)}</td>
              <td className={numeric}>{formatCount(queue.consumers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
