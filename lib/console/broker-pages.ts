/**
 * @module Which console pages the broker in scope can show: each page about a vhost's resources needs the operations
 * it reads first. Pages about the viewer or the whole Switchboard (users, audit, API keys, clusters) need none, so
 * they show on every broker. Also where the broker switch goes when the page open cannot be shown on the new broker.
 */
import { allOperations, type BrokerAbilities } from './broker-abilities';
import type { BrokerScope } from './broker-scope';
import type { Decision } from './viewer-permissions';
import { ALLOWED, firstRefusal } from './viewer-permissions';

/** Longest prefixes first: the message browser is below its queue's page. */
const PAGES: { matches: (pathname: string) => boolean; operations: string[]; capabilities?: string[] }[] = [
  { matches: (p) => p === '/', operations: ['getOverview'] },
  // Where the broker can only get and requeue (sideEffectFreeBrowse refused), the page itself says so and reads on request.
  { matches: (p) => /^\/queues\/[^/]+\/messages(\/|$)/.test(p), operations: ['peek'] },
  { matches: (p) => p === '/queues' || p.startsWith('/queues/'), operations: ['listQueues', 'getQueue'] },
  // The routing page is for editing and testing routes too: shown where the broker does those.
  { matches: (p) => p === '/routing' || p.startsWith('/routing/'), operations: ['listExchanges', 'listBindings', 'createBinding', 'routeTest'] },
  // Found from the queues' arguments and the bindings; counted by reason only where the broker counts them.
  { matches: (p) => p === '/dead-letters' || p.startsWith('/dead-letters/'), operations: ['listQueues', 'listBindings', 'replay', 'listJobs'] },
  // Every vhost's connections on the embedded broker; the chosen vhost's on a cluster (its vhost-scoped listing).
  { matches: (p) => p === '/connections' || p.startsWith('/connections/'), operations: ['listVhostConnections'] },
  { matches: (p) => p === '/definitions' || p.startsWith('/definitions/'), operations: ['exportDefinitions'] },
];

/** The operations a page needs; none for pages that do not depend on the broker. */
export function pageOperations(pathname: string): readonly string[] {
  return PAGES.find((page) => page.matches(pathname))?.operations ?? [];
}

/** Whether the broker can show the page at `pathname`, and why not. */
export function pageAvailability(pathname: string, abilities: BrokerAbilities): Decision {
  const page = PAGES.find((entry) => entry.matches(pathname));
  if (!page) return ALLOWED;
  return firstRefusal(allOperations(abilities, page.operations), ...(page.capabilities ?? []).map((name) => abilities.capability(name)));
}

/** A broker's own page: the Overview for the embedded broker, the cluster's page for a cluster. */
export function brokerHome(scope: BrokerScope): string {
  return scope.kind === 'cluster' ? `/clusters/${encodeURIComponent(scope.id)}` : '/';
}

/**
 * Where to be after switching to `scope`: the same section when it is about a vhost's resources and the new broker
 * can show it (the queues of one broker, then of the other; a queue's own page goes to the list, as the queue is of
 * the other broker), else the new broker's own page.
 */
export function pathAfterSwitch(pathname: string, scope: BrokerScope, abilities: BrokerAbilities): string {
  const section = `/${pathname.split('/')[1] ?? ''}`;
  const aboutResources = pageOperations(section).length > 0;
  return aboutResources && pageAvailability(section, abilities).allowed ? section : brokerHome(scope);
}
