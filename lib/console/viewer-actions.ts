/**
 * @module Every action the console offers, with the needs the API checks for it (lib/access/operations, the same
 * table the HTTP and AMQP doors build their checks from), answered for the viewer in the selected vhost.
 */
import {
  bindNeeds,
  declareExchangeNeeds,
  declareQueueNeeds,
  deleteExchangeNeeds,
  deleteQueueNeeds,
  moveNeeds,
  publishNeeds,
  readQueueNeeds,
  type MoveDestination,
} from '@/lib/access/operations';
import type { ResourceKind } from '@/lib/access/types';
import {
  ALLOWED,
  administratorDecision,
  decide,
  firstRefusal,
  mayGrantSome,
  refused,
  tagDecision,
  viewerHasTag,
  writable,
  type Decision,
  type Viewer,
} from './viewer-permissions';

/** The console's name of the default exchange; permissions see it as `amq.default` too. */
const DEFAULT_EXCHANGE = 'amq.default';
const exchangeName = (name: string) => (name === '' ? DEFAULT_EXCHANGE : name);
const changes = { mutates: true };

/** The viewer's decisions in one vhost: what the console asks before it shows a button. */
export function viewerActions(viewer: Viewer, vhost: string) {
  const may = (needs: Parameters<typeof decide>[2], options = changes) => decide(viewer, vhost, needs, options);
  return {
    viewer,
    vhost,
    declareQueue: (queue: string, deadLetterExchange?: string) =>
      may(declareQueueNeeds(queue, deadLetterExchange === undefined ? undefined : exchangeName(deadLetterExchange))),
    deleteQueue: (queue: string) => may(deleteQueueNeeds(queue)),
    purgeQueue: (queue: string) => may(readQueueNeeds(queue)),
    declareExchange: (exchange: string, alternateExchange?: string) =>
      may(declareExchangeNeeds(exchange, alternateExchange === undefined ? undefined : exchangeName(alternateExchange))),
    deleteExchange: (exchange: string) => may(deleteExchangeNeeds(exchange)),
    /** Creating, changing or deleting a binding. */
    bind: (source: string, destinationKind: ResourceKind, destination: string) => may(bindNeeds(exchangeName(source), destinationKind, destination)),
    publish: (exchange: string) => may(publishNeeds(exchangeName(exchange))),
    /** Publishing straight to a queue goes through the default exchange. */
    publishToQueue: () => may(publishNeeds(DEFAULT_EXCHANGE)),
    /** Seeing payloads: the message browser. Looking changes nothing, so a read-only key may. */
    browseMessages: (queue: string) => may(readQueueNeeds(queue), { mutates: false }),
    deleteMessage: (queue: string) => may(readQueueNeeds(queue)),
    requeueMessage: (queue: string) => may(moveNeeds(queue, { queue })),
    moveMessage: (queue: string, destination: MoveDestination) => may(moveNeeds(queue, destinationName(destination))),
    /** Replaying to a named queue or exchange; see replayToSource for x-death's sources. */
    replay: (queue: string, destination: MoveDestination) => may(moveNeeds(queue, destinationName(destination))),
    /**
     * Replaying to their sources: the server checks write on the exchange of each message's newest x-death, which
     * only a scan of the queue tells; the console checks read on the queue and that some exchange may be written to.
     */
    replayToSource: (queue: string) => firstRefusal(may(readQueueNeeds(queue)), mayGrantSome(viewer, vhost, 'write')),
    /** Pause, resume or cancel a replay job of `queue`. */
    controlJob: (queue: string) => may(readQueueNeeds(queue)),
    /** The "New queue" and "New exchange" buttons: the form then checks the name typed. */
    configureSome: () => mayGrantSome(viewer, vhost, 'configure'),
    /** The "New binding" button: the dialog then checks its source and destination. */
    bindSome: () => firstRefusal(mayGrantSome(viewer, vhost, 'write'), mayGrantSome(viewer, vhost, 'read')),
  };
}

export type ViewerActions = ReturnType<typeof viewerActions>;

function destinationName(destination: MoveDestination): MoveDestination {
  return 'exchange' in destination ? { exchange: exchangeName(destination.exchange) } : destination;
}

/** Closing an AMQP connection: one's own, or anyone's as an administrator (AccessPolicy.canCloseConnectionOf). */
export function closeConnectionDecision(viewer: Viewer, owner: string): Decision {
  const writer = writable(viewer);
  if (!writer.allowed) return writer;
  return owner === viewer.name || viewerHasTag(viewer, 'administrator') ? ALLOWED : refused(`Only ${owner} or an administrator may close it`);
}

/** What the console shows only to some: nav items, whole pages, panels. */
export function viewerPages(viewer: Viewer) {
  return {
    /** Users, vhosts and permissions: reading them is administrator's too. */
    users: tagDecision(viewer, 'administrator'),
    manageUsers: administratorDecision(viewer),
    /** Anyone reads the audit log: its own events; everyone's with monitoring (or administrator, which includes it). */
    audit: ALLOWED,
    auditOfOthers: tagDecision(viewer, 'monitoring'),
    exportDefinitions: administratorDecision(viewer),
    importDefinitions: administratorDecision(viewer),
    /** The demo declares a whole topology in vhost `/` and runs producers: an administrator's call. */
    demo: administratorDecision(viewer),
    /** One's own API keys: anyone, except through a read-only key. */
    createApiKey: writable(viewer),
    /** Attaching, changing and detaching a RabbitMQ cluster (anyone logged in sees the list). */
    manageClusters: administratorDecision(viewer),
    /** An attached cluster's nodes and their history: monitoring (or administrator, which includes it). */
    clusterNodes: tagDecision(viewer, 'monitoring'),
  };
}
