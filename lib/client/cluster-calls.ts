/** @module The client's calls for attached RabbitMQ clusters: list, attach, change, detach, their vhosts, and their nodes' figures. */
import { segment, type CallOptions, type Http } from './http';
import type { AttachClusterBody, Cluster, ClusterNode, ClusterNodeHistory, ClusterVhost, SavedCluster, UpdateClusterBody } from './cluster-types';

const clusters = '/api/v1/clusters';
const clusterPath = (id: string) => `${clusters}/${segment(id)}`;

export function clusterCalls(http: Http, get: <T>(path: string, call?: CallOptions) => Promise<T>) {
  return {
    listClusters: (call?: CallOptions) => get<Cluster[]>(clusters, call),
    getCluster: (id: string, call?: CallOptions) => get<Cluster>(clusterPath(id), call),
    /**
     * The server reaches the cluster before it saves anything (up to ~10 s): pass a signal to stop waiting. A wrong URL
     * or password is a `bad_request` whose `details` name the field (ClusterFieldDetails).
     */
    async attachCluster(body: AttachClusterBody, call: CallOptions = {}): Promise<SavedCluster> {
      return (await http<SavedCluster>(clusters, { method: 'POST', body, signal: call.signal })).body;
    },
    /** Checked again like attaching, when what reaches the cluster changes. */
    async updateCluster(id: string, body: UpdateClusterBody, call: CallOptions = {}): Promise<SavedCluster> {
      return (await http<SavedCluster>(clusterPath(id), { method: 'PATCH', body, signal: call.signal })).body;
    },
    /** Switchboard forgets the cluster; the cluster itself is left as it is. */
    async detachCluster(id: string): Promise<void> {
      await http(clusterPath(id), { method: 'DELETE' });
    },
    /** The last known figures, even while the cluster is unreachable (see each node's `observedAt`). */
    /** The cluster's vhosts that the caller may see (Switchboard's permissions, by vhost name). */
    listClusterVhosts: (id: string, call?: CallOptions) => get<ClusterVhost[]>(`${clusterPath(id)}/vhosts`, call),
    listClusterNodes: (id: string, call?: CallOptions) => get<ClusterNode[]>(`${clusterPath(id)}/nodes`, call),
    clusterNodeHistory: (id: string, call?: CallOptions) => get<ClusterNodeHistory>(`${clusterPath(id)}/nodes/history`, call),
  };
}
