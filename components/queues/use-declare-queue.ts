/** @module Declares a queue and refreshes the lists, so the new queue shows without waiting a tick. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeclareQueueBody } from '@/lib/client/types';
import { browserClient } from '@/lib/client/browser-client';
import { queueKeys } from './queue-keys';

export interface DeclareQueueInput {
  name: string;
  body: DeclareQueueBody;
}

export function useDeclareQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, body }: DeclareQueueInput) => browserClient.declareQueue(name, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueKeys.all }),
  });
}
