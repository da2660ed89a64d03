/** @module The login page: the admin token in, the session cookie out. */
import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Log in' };

export default function LoginPage() {
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-lg border border-line bg-surface p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold tracking-tight">Log in to Switchboard</h1>
      <p className="mb-5 text-sm text-ink-muted">Enter the administrator token. It is exchanged for a session cookie and not kept by this page.</p>
      <LoginForm />
    </div>
  );
}
