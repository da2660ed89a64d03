/** @module Whether the viewer may declare the queue a form describes: some name at all until one is typed, then that name and its dead-letter exchange. */
'use client';

import { useCan } from '@/components/viewer/viewer-provider';
import type { Decision } from '@/lib/console/viewer-permissions';
import type { DeclareQueueValues } from './declare-queue-body';

export function useDeclareDecision(name: string, values: DeclareQueueValues): Decision {
  const can = useCan();
  const queue = name.trim();
  if (queue === '') return can.configureSome();
  const deadLetterExchange = values.deadLetterExchange.trim();
  return can.declareQueue(queue, deadLetterExchange === '' ? undefined : deadLetterExchange);
}
