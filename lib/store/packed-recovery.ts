/**
 * @module A recovered vhost packed for the hand-over from the store's worker thread: each queue's name once (the
 * ready counts point at it by index), flags and numbers in typed arrays, and only the queue arguments that are not
 * empty. Cloned as objects, 100,000 queues and their counts cost the event loop's thread about 0.4 s to take in
 * (every object and field name is rebuilt); packed, about 0.1 s including the unpacking.
 */
import type { ReadyCount, RecoveredState } from '../engine/store';
import type { QueueArguments, QueueInfo } from '../engine/types';

const NUMBERS_PER_COUNT = 6;
const DURABLE = 1;
const AUTO_DELETE = 2;

export interface PackedRecovery extends Omit<RecoveredState, 'queues' | 'readyCounts'> {
  /** The queues' names, then the names of counted queues that are not among them (none from SQLite). */
  names: string[];
  queueCount: number;
  /** Per queue: DURABLE | AUTO_DELETE. */
  queueFlags: Uint8Array;
  /** [queue index, arguments] for the queues whose arguments are not empty. */
  queueArguments: [number, QueueArguments][];
  /** [queue index, owner] for exclusive queues. */
  exclusiveOwners: [number, string][];
  /** Per ready count: the index of its queue's name. */
  countNames: Uint32Array;
  /** Per ready count: priority, count, bytes, minSeq, oldestPublishedAt, nextExpiresAt (NaN for null). */
  countNumbers: Float64Array;
  /** Ready counts whose next expiry the store could not tell (undefined, not null). */
  unknownExpiries: number[];
}

export function packRecovery(state: RecoveredState): PackedRecovery {
  const { queues, readyCounts, ...rest } = state;
  const names = queues.map((queue) => queue.name);
  const nameIndex = new Map<string, number>();
  const queueFlags = new Uint8Array(queues.length);
  const queueArguments: [number, QueueArguments][] = [];
  const exclusiveOwners: [number, string][] = [];
  queues.forEach((queue, i) => {
    nameIndex.set(queue.name, i);
    queueFlags[i] = (queue.durable ? DURABLE : 0) | (queue.autoDelete ? AUTO_DELETE : 0);
    if (hasKeys(queue.arguments)) queueArguments.push([i, queue.arguments]);
    if (queue.exclusiveOwner !== undefined) exclusiveOwners.push([i, queue.exclusiveOwner]);
  });
  const countNames = new Uint32Array(readyCounts.length);
  const countNumbers = new Float64Array(readyCounts.length * NUMBERS_PER_COUNT);
  const unknownExpiries: number[] = [];
  readyCounts.forEach((count, i) => {
    let index = nameIndex.get(count.queue);
    if (index === undefined) nameIndex.set(count.queue, (index = names.push(count.queue) - 1));
    countNames[i] = index;
    const n = i * NUMBERS_PER_COUNT;
    countNumbers[n] = count.priority;
    countNumbers[n + 1] = count.count;
    countNumbers[n + 2] = count.bytes;
    countNumbers[n + 3] = count.minSeq;
    countNumbers[n + 4] = count.oldestPublishedAt;
    countNumbers[n + 5] = count.nextExpiresAt ?? NaN;
    if (count.nextExpiresAt === undefined) unknownExpiries.push(i);
  });
  return { ...rest, names, queueCount: queues.length, queueFlags, queueArguments, exclusiveOwners, countNames, countNumbers, unknownExpiries };
}

export function unpackRecovery(packed: PackedRecovery): RecoveredState {
  const { names, queueCount, queueFlags, queueArguments, exclusiveOwners, countNames, countNumbers, unknownExpiries, ...rest } = packed;
  const queues = new Array<QueueInfo>(queueCount);
  for (let i = 0; i < queueCount; i++) {
    const flags = queueFlags[i]!;
    queues[i] = { name: names[i]!, durable: (flags & DURABLE) !== 0, autoDelete: (flags & AUTO_DELETE) !== 0, arguments: {} };
  }
  for (const [i, args] of queueArguments) queues[i]!.arguments = args;
  for (const [i, owner] of exclusiveOwners) queues[i]!.exclusiveOwner = owner;
  const readyCounts = new Array<ReadyCount>(countNames.length);
  for (let i = 0; i < countNames.length; i++) {
    const n = i * NUMBERS_PER_COUNT;
    const nextExpiresAt = countNumbers[n + 5]!;
    readyCounts[i] = {
      queue: names[countNames[i]!]!,
      priority: countNumbers[n]!,
      count: countNumbers[n + 1]!,
      bytes: countNumbers[n + 2]!,
      minSeq: countNumbers[n + 3]!,
      oldestPublishedAt: countNumbers[n + 4]!,
      nextExpiresAt: Number.isNaN(nextExpiresAt) ? null : nextExpiresAt,
    };
  }
  for (const i of unknownExpiries) delete readyCounts[i]!.nextExpiresAt;
  return { ...rest, queues, readyCounts };
}

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}
