/** @module The login page: a user name and password (or API key) in, the session cookie out, then back where the visitor was sent from. */
import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { NEXT_PARAM } from '@/lib/console/login-next';

export const metadata: Metadata = { title: 'Log in' };

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const next = (await searchParams)[NEXT_PARAM];
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-lg border border-line bg-surface p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold tracking-tight">Log in to Switchboard</h1>
      <p className="mb-5 text-sm text-ink-muted">The password is exchanged for a session cookie and not kept by this page.</p>
      <LoginForm next={typeof next === 'string' ? next : undefined} />
    </div>
  );
}
