/** @module The header's dark-mode switch: a toggle button that overrides the system's scheme. */
'use client';

import { useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { applyTheme, currentTheme, subscribeToTheme, type Theme } from './theme-storage';

const serverSnapshot = (): Theme | null => null;

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeToTheme, currentTheme, serverSnapshot);
  const dark = theme === 'dark';
  return (
    <Button
      variant="ghost"
      aria-pressed={theme === null ? undefined : dark}
      onClick={() => applyTheme(dark ? 'light' : 'dark')}
      title={dark ? 'Switch to light mode' : 'Switch to dark mode'}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2">
        {dark ? (
          <path strokeLinecap="round" strokeLinejoin="round" d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" />
        ) : (
          <>
            <circle cx="12" cy="12" r="4" />
            <path strokeLinecap="round" d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
          </>
        )}
      </svg>
      <span className="sr-only sm:not-sr-only">Dark mode</span>
    </Button>
  );
}
