/**
 * @module Whether the viewer may declare the queue a form describes, on the broker in scope: some name at all until
 * one is typed, then that name and its dead-letter exchange.
 */
'use client';

import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { useCan } from '@/components/viewer/viewer-provider';
import { firstRefusal, type Decision } from '@/lib/console/viewer-permissions';
import type { DeclareQueueValues } from './declare-queue-body';

export function useDeclareDecision(name: string, values: DeclareQueueValues): Decision {
  const can = useCan();
  const broker = useBrokerAbilities().operation('declareQueue');
  const queue = name.trim();
  if (queue === '') return firstRefusal(broker, can.configureSome());
  const deadLetterExchange = values.deadLetterExchange.trim();
  return firstRefusal(broker, can.declareQueue(queue, deadLetterExchange === '' ? undefined : deadLetterExchange));
}
