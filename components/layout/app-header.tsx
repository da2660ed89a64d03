/** @module The header on every page: product name, navigation, broker switch, vhost selector, dark-mode toggle, user menu. */
import Link from 'next/link';
import { UserMenu } from '@/components/auth/user-menu';
import { BrokerSwitch } from '@/components/clusters/broker-switch';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { VhostSelector } from '@/components/viewer/vhost-selector';
import { MainNav } from './main-nav';

export function AppHeader() {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 rounded-md font-semibold text-ink focus-visible:outline-2 focus-visible:outline-focus">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 text-accent" fill="none" stroke="currentColor" strokeWidth="2">
            <circle cx="5" cy="6" r="2" />
            <circle cx="5" cy="18" r="2" />
            <circle cx="19" cy="12" r="2" />
            <path d="M7 6c6 0 6 6 10 6M7 18c6 0 6-6 10-6" />
          </svg>
          Switchboard
        </Link>
        <MainNav />
        <div className="ml-auto flex items-center gap-2">
          <BrokerSwitch />
          <VhostSelector />
          <ThemeToggle />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
