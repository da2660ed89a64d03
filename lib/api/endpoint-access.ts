/** @module Access rules and audit labels that several endpoints share, built on lib/access's operations. */
import { readQueueNeeds } from '@/lib/access/operations';
import type { AccessGate } from './endpoint';

/** Anyone who may see the vhost (checked before `authorize` runs for vhost-scoped endpoints). */
export const anyoneInVhost = (): void => undefined;

/** Anyone logged in: what an endpoint shows is filtered to the caller by the handler itself. */
export const anyCaller = (): void => undefined;

/** Consume, get, purge and browse: read on the queue of the path. */
export const readsQueue = ({ access, params }: { access: AccessGate; params: { name: string } }): void =>
  access.allow(readQueueNeeds(params.name));

/** Browsing payloads: read on the queue, changing nothing (a read-only key may). */
export const browsesQueue = ({ access, params }: { access: AccessGate; params: { name: string } }): void =>
  access.allow(readQueueNeeds(params.name), { mutates: false });

export const administratorOnly =
  (action: string) =>
  ({ access }: { access: AccessGate }): void => {
    access.requireTag('administrator', action);
    access.requireWritable(action);
  };

export const queueLabel = ({ params }: { params: { name: string } }) => `queue '${params.name}'`;
export const exchangeLabel = ({ params }: { params: { name: string } }) => `exchange '${params.name}'`;
