/**
 * @module Who may replay dead letters: read on the dead-letter queue and write on where the messages go. Sent back
 * to their source, they go to the exchange of each one's newest x-death entry: the exchanges of the messages there
 * at the start are checked, and the job may send to those only (a message that arrives later bound elsewhere fails).
 */
import { moveNeeds, readQueueNeeds } from '@/lib/access/operations';
import type { JobInfo } from '@/lib/engine';
import type { BrokerBackend } from '@/lib/backend/broker-backend';
import type { AccessGate } from './endpoint';
import { moveDestination } from './endpoints/message-actions';
import type { ReplayBody } from './schemas/jobs';

/**
 * Read on the dead-letter queue always; write on a chosen destination (the source's exchanges: {@link allowSourceExchanges}, once the plan found them).
 * A dry run changes nothing, unless the broker can count only by taking the messages and giving them back (RabbitMQ):
 * then it is an action too, which a read-only key may not take.
 */
export function authorizeReplay({ access, backend, params, body }: { access: AccessGate; backend: BrokerBackend; params: { name: string }; body: ReplayBody }): void {
  const mutates = !body.dryRun || backend.capabilities.sideEffectFreeReplayPreview !== true;
  access.allow(readQueueNeeds(params.name), { mutates });
  if (body.to !== 'source') access.allow(moveNeeds(params.name, moveDestination(body.to)), { mutates });
}

/**
 * Write on each exchange the ready messages of `queue` go back to (the replay's plan found them): what a replay to the
 * source may use. On the embedded broker they come from the queue's dead-letter counters; on a cluster, from reading
 * its messages.
 */
export function allowSourceExchanges(access: AccessGate, queue: string, exchanges: readonly string[], mutates: boolean): void {
  for (const exchange of exchanges) access.allow(moveNeeds(queue, { exchange }), { mutates });
}

/** Pausing, resuming or cancelling a job needs what starting it needed. */
export function authorizeJob(access: AccessGate, job: JobInfo): void {
  const { to, sourceExchanges } = job.destination;
  access.allow(readQueueNeeds(job.queue));
  if (to !== 'source') access.allow(moveNeeds(job.queue, moveDestination(to)));
  for (const exchange of sourceExchanges ?? []) access.allow(moveNeeds(job.queue, { exchange }));
}
