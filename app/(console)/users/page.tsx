/** @module The Users page (administrators): users, their tags, passwords and permissions per vhost, and the vhosts. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UsersConsole } from '@/components/users/users-console';

export const metadata: Metadata = { title: 'Users' };

export default function UsersPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <Suspense fallback={<p className="text-sm text-ink-muted">Loading users…</p>}>
        <UsersConsole />
      </Suspense>
    </div>
  );
}
