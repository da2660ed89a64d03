/**
 * @module The shapes of the attached-cluster API (`/api/v1/clusters`) as the client sees them, derived from the zod
 * schemas that validate it (lib/api/schemas/clusters), so the console and the server cannot drift. Type-only. Times are
 * epoch milliseconds.
 */
import type { z } from 'zod';
import type {
  clusterCreateBodySchema,
  clusterNodeHistorySchema,
  clusterNodeSchema,
  clusterPatchBodySchema,
  clusterSavedSchema,
  clusterSchema,
  clusterStatusSchema,
  clusterVhostSchema,
} from '../api/schemas/clusters';

/** One of the cluster's vhosts. */
export type ClusterVhost = z.infer<typeof clusterVhostSchema>;
/** What Switchboard last learned of the cluster: sampled in the background every 5 s, never asked for by a page. */
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
export type ClusterState = ClusterStatus['state'];
/** An attached RabbitMQ cluster. Its credentials are never part of any answer. */
export type Cluster = z.infer<typeof clusterSchema>;
/** The answer to attaching or changing a cluster: the cluster, and what the check found worth saying. */
export type SavedCluster = z.infer<typeof clusterSavedSchema>;
export type AttachClusterBody = z.input<typeof clusterCreateBodySchema>;
/** Only what changes: a password left out is kept; `ca: null` removes the CA. */
export type UpdateClusterBody = z.input<typeof clusterPatchBodySchema>;
/** One RabbitMQ node as last observed; when the cluster is unreachable, `observedAt` says how old the figures are. */
export type ClusterNode = z.infer<typeof clusterNodeSchema>;
/** The last hour of node figures, one sample per `intervalMs`, oldest first. */
export type ClusterNodeHistory = z.infer<typeof clusterNodeHistorySchema>;
export type ClusterNodeSample = ClusterNodeHistory['samples'][number]['nodes'][number];

/** The field a `bad_request` of attach or change names in its `details` (lib/rabbitmq/cluster-connection.ts). */
export type ClusterField = 'name' | 'managementUrls' | 'amqpUrls' | 'username' | 'password' | 'ca';

export interface ClusterFieldDetails {
  field: ClusterField;
  /** A code such as `unreachable`, `unauthorized`, `invalid_url`. */
  problem: string;
  /** Which URL of the list, when the field is one. */
  index?: number;
}
