/** @module The root layout: system fonts, theme before first paint, providers (the broker in scope, the viewer), the header, and pages once the viewer is known. */
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { BrokerScopeProvider } from '@/components/clusters/broker-scope-provider';
import { AppHeader } from '@/components/layout/app-header';
import { ActiveProcess } from '@/components/layout/active-process';
import { HealthBanner } from '@/components/layout/health-banner';
import { SkipLink } from '@/components/layout/skip-link';
import { Providers } from '@/components/providers';
import { ThemeScript } from '@/components/theme/theme-script';
import { ViewerGate } from '@/components/viewer/viewer-gate';
import { ViewerProvider } from '@/components/viewer/viewer-provider';
import { NONCE_HEADER } from '@/lib/server/content-security-policy';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Switchboard', template: '%s · Switchboard' },
  description: 'The console of the Switchboard message broker',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's script nonce (proxy.ts): reading it renders every page per request, as a nonce requires.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // The theme script adds a class to <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body>
        <Providers>
          <BrokerScopeProvider>
            <ViewerProvider>
              <SkipLink />
              <AppHeader />
              <HealthBanner />
              <ActiveProcess />
              <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
                <ViewerGate>{children}</ViewerGate>
              </main>
            </ViewerProvider>
          </BrokerScopeProvider>
        </Providers>
      </body>
    </html>
  );
}
