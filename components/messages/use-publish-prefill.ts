/** @module Hands a message to the queue page's publish form through sessionStorage, once, then forgets it. */
'use client';

import { useEffect } from 'react';
import type { PublishFormValues } from '@/lib/console/publish-form-body';
import { publishPrefillKey } from '@/lib/console/publish-prefill';

export function storePublishPrefill(queue: string, values: PublishFormValues): void {
  sessionStorage.setItem(publishPrefillKey(queue), JSON.stringify(values));
}

/** Runs after hydration so the server-rendered empty form and the client agree first. */
export function usePublishPrefill(queue: string, apply: (values: PublishFormValues) => void): void {
  useEffect(() => {
    const key = publishPrefillKey(queue);
    const stored = sessionStorage.getItem(key);
    if (stored === null) return;
    sessionStorage.removeItem(key);
    try {
      apply(JSON.parse(stored) as PublishFormValues);
    } catch {
      // A damaged entry is simply not applied.
    }
    // Only the queue decides whether to look again; `apply` is a state setter that never changes.
  }, [queue]);
}
