/** @module The console's sections; hidden on the login page, current page marked for screen readers. */
'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { LOGIN_PATH } from '@/components/auth/redirect-to-login';

const sections = [
  { href: '/', label: 'Overview' },
  { href: '/queues', label: 'Queues' },
  { href: '/routing', label: 'Routing' },
  { href: '/dead-letters', label: 'Dead letters' },
  { href: '/connections', label: 'Connections' },
] as const;

export function MainNav() {
  const pathname = usePathname();
  if (pathname === LOGIN_PATH) return null;
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {sections.map(({ href, label }) => {
          const current = href === '/' ? pathname === '/' : pathname.startsWith(href);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className={`rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-focus ${
                  current ? 'bg-surface-muted text-ink' : 'text-ink-muted hover:bg-surface-muted hover:text-ink'
                }`}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
