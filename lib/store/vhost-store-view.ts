/** @module One vhost's Store over a store whose operations take the vhost as their last argument (the SQLite stores). */
import type { JobRecord } from '../engine/jobs/job';
import type { RecoveredState, Store, WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';

/** A Store of vhost `/` whose every operation also takes any other vhost, last. */
export interface VhostAwareStore extends Store {
  recover(vhost?: string): Promise<RecoveredState>;
  /** A batch comes from one broker, so from one vhost. */
  commit(batch: WriteBatch, vhost?: string): Promise<void>;
  loadMessages(queue: string, priority: number, afterSeq: number, limit: number, vhost?: string): Promise<QueuedMessage[]>;
  findMessages(queue: string, messageId: string, limit: number, vhost?: string): Promise<QueuedMessage[]>;
  loadJobs(vhost?: string): Promise<JobRecord[]>;
}

/** The Store of `vhost`; its `close()` leaves the shared store open, for its owner to close once. */
export function vhostStoreView(store: VhostAwareStore, vhost: string): Store {
  return {
    kind: store.kind,
    recover: () => store.recover(vhost),
    commit: (batch) => store.commit(batch, vhost),
    loadMessages: (queue, priority, afterSeq, limit) => store.loadMessages(queue, priority, afterSeq, limit, vhost),
    findMessages: (queue, messageId, limit) => store.findMessages(queue, messageId, limit, vhost),
    loadJobs: () => store.loadJobs(vhost),
    ...(store.probe ? { probe: () => store.probe!() } : {}),
    close: async () => {},
  };
}
