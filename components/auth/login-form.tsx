/** @module Trades a user name and password (or one of the user's API keys) for the session cookie, then opens the console. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { browserClient } from '@/lib/client/browser-client';
import { safeNextPath } from '@/lib/console/login-next';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { TextField } from '@/components/ui/text-field';

export function LoginForm({ next }: { next?: string }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: (credentials: { user: string; password: string }) => browserClient.createSession(credentials.user, credentials.password),
    // A wrong password answers 401 too (and too many, 429): show its message here instead of redirecting.
    meta: { skipLoginRedirect: true },
    onSuccess: () => {
      queryClient.clear();
      // A full load: the server decides the next page with the new cookie, and nothing of the login page stays.
      window.location.assign(safeNextPath(next));
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate({ user: user.trim(), password });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <TextField
        label="User name"
        name="username"
        autoComplete="username"
        autoFocus
        required
        spellCheck={false}
        autoCapitalize="none"
        value={user}
        onChange={(event) => setUser(event.target.value)}
      />
      <TextField
        label="Password"
        hint="Or one of your API keys. At the first start, user admin's key is SWITCHBOARD_ADMIN_TOKEN or the one Switchboard printed."
        type="password"
        name="password"
        autoComplete="current-password"
        required
        spellCheck={false}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {login.isError ? <ErrorAlert error={login.error} title="Could not log in" /> : null}
      <Button type="submit" variant="primary" disabled={login.isPending || login.isSuccess}>
        {login.isPending ? 'Logging in…' : 'Log in'}
      </Button>
    </form>
  );
}
