/**
 * @module The console's client: same origin, authenticated by the session cookie, addressing the broker the header's
 * broker switch chose (the embedded one, or an attached cluster) and the vhost the vhost selector chose (every page's
 * queues, exchanges, bindings, messages, jobs, metrics and events).
 */
import { createSwitchboardClient } from './switchboard-client';

let selectedVhost = '/';
let selectedCluster: string | undefined;

/** Set by the console's vhost selector before the pages that read it render. */
export function setBrowserVhost(vhost: string): void {
  selectedVhost = vhost;
}

export function browserVhost(): string {
  return selectedVhost;
}

/** Set by the console's broker scope before the pages that read it render; undefined for the embedded broker. */
export function setBrowserCluster(cluster: string | undefined): void {
  selectedCluster = cluster;
}

export function browserCluster(): string | undefined {
  return selectedCluster;
}

export const browserClient = createSwitchboardClient({ vhost: browserVhost, cluster: browserCluster });
