/** @module The broker's side of replay jobs: checking where a replay goes, and moving one message of it. */
import { normalizeExchangeName } from './built-in-exchanges';
import { requireQueue, type EngineState } from './engine-state';
import { EngineError } from './errors';
import { DEFAULT_MAX_REDRIVES, type ReplayOptions, type ReplaySpec } from './jobs/job';
import { sourceOf, toReplaySpec } from './jobs/replay-filter';
import { checkFieldTable } from './message-limits';
import { moveDestination, relocate, routeDestination, type Destination } from './relocation';
import type { FieldTable, QueuedMessage } from './types';

/** The spec of a replay of `queue`; throws `not_found` for a missing queue or destination. */
export function replaySpec(state: EngineState, queue: string, options: ReplayOptions): ReplaySpec {
  requireQueue(state, queue);
  checkFieldTable(options.filter?.headers, ['filter', 'headers']);
  const to = options.to ?? 'source';
  if (to !== 'source') {
    if ('queue' in to) requireQueue(state, to.queue);
    else state.topology.getExchange(normalizeExchangeName(to.exchange));
  }
  return toReplaySpec(options, state.clock.now(), state.seqs.last, DEFAULT_MAX_REDRIVES);
}

/** One message of a replay: moved in this turn, or false when it is no longer ready; throws when it cannot go. */
export function replayOne(state: EngineState, queueName: string, message: QueuedMessage, spec: ReplaySpec, headers: FieldTable): boolean {
  const source = requireQueue(state, queueName);
  let to: Destination;
  if (spec.to === 'source') {
    const origin = sourceOf(message);
    if (!origin) throw new EngineError('precondition_failed', `message '${message.messageId}' has no x-death to go back to`);
    if (spec.sourceExchanges && !spec.sourceExchanges.includes(origin.exchange)) {
      throw new EngineError('forbidden', `message '${message.messageId}' would go back to exchange '${origin.exchange}', which this replay may not publish to`, {
        kind: 'exchange',
        name: origin.exchange,
      });
    }
    to = routeDestination(state, origin.exchange, origin.routingKeys, headers);
  } else {
    to = moveDestination(state, message, spec.to);
  }
  return relocate(state, source, message, to, { headers }) !== undefined;
}
