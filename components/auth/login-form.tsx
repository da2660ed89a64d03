/** @module Trades the admin token for the session cookie, then opens the dashboard. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserClient } from '@/lib/client/browser-client';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { TextField } from '@/components/ui/text-field';

export function LoginForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const login = useMutation({
    mutationFn: (value: string) => browserClient.createSession(value),
    // A wrong token answers 401 too: show its message here instead of redirecting.
    meta: { skipLoginRedirect: true },
    onSuccess: () => {
      queryClient.clear();
      router.replace('/');
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate(token.trim());
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      {/* Lets password managers file the token under the AMQP user it also logs in as. */}
      <input type="text" name="username" autoComplete="username" value="admin" readOnly hidden />
      <TextField
        label="Admin token"
        hint="SWITCHBOARD_ADMIN_TOKEN, or the token Switchboard printed at its first start."
        type="password"
        name="token"
        autoComplete="current-password"
        autoFocus
        required
        spellCheck={false}
        value={token}
        onChange={(event) => setToken(event.target.value)}
      />
      {login.isError ? <ErrorAlert error={login.error} title="Could not log in" /> : null}
      <Button type="submit" variant="primary" disabled={login.isPending || login.isSuccess}>
        {login.isPending ? 'Logging in…' : 'Log in'}
      </Button>
    </form>
  );
}
