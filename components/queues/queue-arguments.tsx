/** @module The queue's settings and arguments as a definition list (values as text). */
import { Panel } from '@/components/ui/panel';
import type { Queue } from '@/lib/client/types';

export function QueueArguments({ queue }: { queue: Queue }) {
  const rows: [string, string][] = [
    ['durable', String(queue.durable)],
    ['autoDelete', String(queue.autoDelete)],
    ['exclusive', String(queue.exclusive)],
    ...Object.entries(queue.arguments).map(([key, value]): [string, string] => [key, value === '' ? '"" (default exchange)' : String(value)]),
  ];
  return (
    <Panel title="Arguments">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="font-mono text-ink-muted">{key}</dt>
            <dd className="font-mono break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
