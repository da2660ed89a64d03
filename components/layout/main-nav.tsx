/**
 * @module The console's sections the viewer may open; hidden on the login page, current page marked for screen readers.
 * Sections the broker in scope cannot show stay in place, dimmed and saying so (their page tells why, with a way back).
 */
'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { useOptionalViewer, type ViewerState } from '@/components/viewer/viewer-provider';
import { pageAvailability } from '@/lib/console/broker-pages';

const sections: { href: string; label: string; shown?: (viewer: ViewerState) => boolean }[] = [
  { href: '/', label: 'Overview' },
  { href: '/queues', label: 'Queues' },
  { href: '/routing', label: 'Routing' },
  { href: '/dead-letters', label: 'Dead letters' },
  { href: '/connections', label: 'Connections' },
  { href: '/clusters', label: 'Clusters' },
  { href: '/users', label: 'Users', shown: (viewer) => viewer.pages.users.allowed },
  { href: '/audit', label: 'Audit' },
];

export function MainNav() {
  const pathname = usePathname();
  const viewer = useOptionalViewer();
  const abilities = useBrokerAbilities();
  if (!viewer) return null;
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap items-center gap-1">
        {sections
          .filter(({ shown }) => !shown || shown(viewer))
          .map(({ href, label }) => {
            const current = href === '/' ? pathname === '/' : pathname.startsWith(href);
            const available = pageAvailability(href, abilities);
            return (
              <li key={href}>
                <Link
                  href={href}
                  aria-current={current ? 'page' : undefined}
                  title={available.allowed ? undefined : available.reason}
                  data-unavailable={available.allowed ? undefined : true}
                  className={`rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-focus ${
                    current ? 'bg-surface-muted text-ink' : 'text-ink-muted hover:bg-surface-muted hover:text-ink'
                  } ${available.allowed ? '' : 'line-through decoration-1 opacity-70'}`}
                >
                  {label}
                  {available.allowed ? null : <span className="sr-only"> (not available on this broker)</span>}
                </Link>
              </li>
            );
          })}
      </ul>
    </nav>
  );
}
