/**
 * @module What the broker in scope can do, asked rather than assumed: an attached cluster lists the operations it
 * serves (`operations`) and its capabilities (`true`, or why not); the embedded broker does everything. The console
 * hides what the broker cannot do and says why, and never asks which kind of broker it is.
 */
import { ALLOWED, firstRefusal, refused, type Decision } from './viewer-permissions';

/** The parts of `GET /clusters/{id}` that say what a cluster can do. */
export interface BrokerTraits {
  name: string;
  operations: readonly string[];
  capabilities: Readonly<Record<string, true | string>>;
}

export interface BrokerAbilities {
  /** Whether the broker serves an API operation (an OpenAPI operation id, such as `getQueueMetrics`). */
  operation: (operationId: string) => Decision;
  /** Whether the broker can do something it might not (`oldestReadyAge`, `latencyPercentiles`), and why not. */
  capability: (name: string) => Decision;
}

export const EVERYTHING: BrokerAbilities = { operation: () => ALLOWED, capability: () => ALLOWED };

export function brokerAbilities(traits: BrokerTraits | undefined): BrokerAbilities {
  if (!traits) return EVERYTHING;
  const served = new Set(traits.operations);
  return {
    // The server's 409 says only that it does not do this through a cluster yet: the same words, named for this one.
    operation: (id) => (served.has(id) ? ALLOWED : refused(`Switchboard does not do this on cluster '${traits.name}' yet`)),
    capability: (name) => {
      const answer = traits.capabilities[name];
      // A capability the server does not list is one it has (the list only grew with what some backend lacks).
      return answer === undefined || answer === true ? ALLOWED : refused(answer);
    },
  };
}

/** Every operation of a list: the first refusal, or allowed. */
export function allOperations(abilities: BrokerAbilities, operations: readonly string[]): Decision {
  return firstRefusal(...operations.map((id) => abilities.operation(id)));
}
