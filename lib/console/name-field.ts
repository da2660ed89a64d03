/** @module What the console's name fields say about a name being created: the engine's own rule, worded for a form. */
import { describeNameProblem, MAX_NAME_BYTES, newNameProblem, type NameKind } from '@/lib/engine/names';

/** The hint under a name field: the problem with the typed name, or what a name may be. */
export function nameFieldHint(kind: NameKind, name: string): { hint: string; problem: boolean } {
  const problem = name === '' ? undefined : newNameProblem(name);
  if (problem) return { hint: `${describeNameProblem(kind, problem)}.`, problem: true };
  return { hint: `Any text up to ${MAX_NAME_BYTES} bytes of UTF-8, as in RabbitMQ; names starting with amq. are reserved.`, problem: false };
}
