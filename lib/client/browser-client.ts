/**
 * @module The console's client: same origin, authenticated by the session cookie, addressing the vhost the
 * header's selector chose (every page's queues, exchanges, bindings, messages, jobs, metrics and events).
 */
import { createSwitchboardClient } from './switchboard-client';

let selectedVhost = '/';

/** Set by the console's vhost selector before the pages that read it render. */
export function setBrowserVhost(vhost: string): void {
  selectedVhost = vhost;
}

export function browserVhost(): string {
  return selectedVhost;
}

export const browserClient = createSwitchboardClient({ vhost: browserVhost });
