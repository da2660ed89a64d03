/** @module Actions on one ready message, found by id: delete, move, requeue at the tail. */
import type { MoveResult, MoveTarget } from './broker-types';
import { assertWritable, requireQueue, type EngineState } from './engine-state';
import { EngineError, notFound } from './errors';
import type { Queue } from './queue/queue';
import { moveDestination, relocate } from './relocation';
import type { QueuedMessage } from './types';

/** Finds a ready message and acts on it in the same turn; `act` answers undefined when the queue moved on meanwhile. */
async function actOnReady<T>(
  state: EngineState,
  queueName: string,
  messageId: string,
  act: (queue: Queue, message: QueuedMessage) => T | undefined,
): Promise<T> {
  const queue = requireQueue(state, queueName);
  assertWritable(state.persistence);
  for (let attempt = 0; attempt < 10; attempt++) {
    const found = await queue.findReady(messageId);
    if (found.state === 'absent') throw new EngineError('not_found', `no ready message '${messageId}' in queue '${queueName}'`);
    if (found.state === 'leased') throw new EngineError('precondition_failed', `message '${messageId}' is out on a lease; only ready messages can be changed`);
    if (queue.deleted) throw notFound('queue', queueName);
    const result = act(queue, found.message);
    if (result === undefined) continue;
    await state.persistence.committed();
    return result;
  }
  throw new EngineError('unavailable', `message '${messageId}' kept changing; try again`);
}

export async function deleteMessage(state: EngineState, queue: string, messageId: string): Promise<void> {
  await actOnReady(state, queue, messageId, (source, message) => source.takeReady(message) || undefined);
}

export function moveMessage(state: EngineState, queue: string, messageId: string, to: MoveTarget): Promise<MoveResult> {
  return actOnReady(state, queue, messageId, (source, message) => {
    const queues = relocate(state, source, message, moveDestination(state, message, to), {});
    return queues && { messageId, queues };
  });
}

export async function requeueMessage(state: EngineState, queue: string, messageId: string): Promise<void> {
  await actOnReady(state, queue, messageId, (source, message) => source.requeueAtTail(message) || undefined);
}
