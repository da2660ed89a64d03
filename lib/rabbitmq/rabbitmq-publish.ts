/** @module Publishing to an attached cluster: mandatory, on a confirm channel, answered once the cluster confirms. */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../engine/errors';
import type { PublishInput } from '../engine/types';
import { toPublishOptions } from './amqp-properties';
import type { ClusterAmqp } from './cluster-amqp';

/** How long a publish waits for the cluster's confirm (a node's resource alarm blocks publishers until it clears). */
export const PUBLISH_CONFIRM_TIMEOUT_MS = 10_000;

export interface ConfirmedPublish {
  /** False when the cluster nacked it (a full reject-publish queue refused it). */
  acked: boolean;
  /** True when no queue took it (mandatory: RabbitMQ returns it before the confirm). */
  returned: boolean;
  /** The API's messageId names the message; on RabbitMQ it is the message-id property (a new UUID when none was given). */
  messageId: string;
}

/**
 * `toQueue`: the queue the message is meant for, checked first on the same channel (a passive declare, closing it with
 * 404 when there is none), since the default exchange would silently return a message to a queue that does not exist.
 */
export function publishConfirmed(
  amqp: ClusterAmqp,
  vhost: string,
  exchange: string,
  routingKey: string,
  input: PublishInput,
  signal?: AbortSignal,
  toQueue?: string,
): Promise<ConfirmedPublish> {
  const messageId = input.properties?.messageId ?? randomUUID();
  const options = { ...toPublishOptions({ ...input.properties, messageId }), mandatory: true };
  return amqp.withConfirmChannel(
    vhost,
    async (channel) => {
      if (toQueue !== undefined) await channel.checkQueue(toQueue);
      let returned = false;
      channel.on('return', () => {
        returned = true;
      });
      // The publish's own callback tells an ack from a nack.
      const confirmed = new Promise<boolean>((resolve) => channel.publish(exchange, routingKey, input.payload, options, (error) => resolve(error == null)));
      const acked = await confirmedWithin(confirmed, PUBLISH_CONFIRM_TIMEOUT_MS, amqp.clusterId);
      return { acked, returned, messageId };
    },
    signal,
  );
}

async function confirmedWithin<T>(confirmed: Promise<T>, ms: number, clusterId: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EngineError('unavailable', `The cluster did not confirm the message within ${ms / 1000} s (a memory or disk alarm blocks publishers until it clears)`, { cluster: clusterId, reason: 'unconfirmed' })),
      ms,
    );
  });
  try {
    return await Promise.race([confirmed, late]);
  } finally {
    clearTimeout(timer);
  }
}
