/**
 * @module Attached RabbitMQ clusters: list and read (anyone logged in, for the console's switch), attach, change and
 * detach (administrators; checked against the cluster before anything is saved), and their nodes (monitoring).
 */
import type { ClusterRecord } from '@/lib/rabbitmq/cluster-repository';
import type { Services } from '@/lib/server/services';
import { RABBITMQ_CAPABILITIES } from '@/lib/rabbitmq/rabbitmq-backend';
import { asEngineError } from '@/lib/rabbitmq/management-failures';
import { endpoint, type AccessGate } from '../endpoint';
import { CLUSTER_OPERATIONS } from './cluster-operations';
import { administratorOnly, anyCaller } from '../endpoint-access';
import { json, noContent } from '../respond';
import {
  clusterCreateBodySchema,
  clusterListSchema,
  clusterNodeHistoryQuerySchema,
  clusterNodeHistorySchema,
  clusterNodeListSchema,
  clusterParamsSchema,
  clusterPatchBodySchema,
  clusterSavedSchema,
  clusterSchema,
  clusterVhostListSchema,
} from '../schemas/clusters';

const toClusterJson = (services: Services, { sealedCredentials: _sealed, ca, ...record }: ClusterRecord) => ({
  ...record,
  hasCa: ca !== undefined,
  status: services.clusters.monitor.status(record.id),
  operations: CLUSTER_OPERATIONS,
  capabilities: RABBITMQ_CAPABILITIES,
});
const clusterLabel = ({ services, params }: { services: Services; params: { id: string } }) =>
  `cluster '${services.clusters.registry.list().find((record) => record.id === params.id)?.name ?? params.id}'`;
const monitoringOnly = ({ access }: { access: AccessGate }) => access.requireTag('monitoring', "Reading a cluster's nodes");

export const listClusters = endpoint({
  operationId: 'listClusters',
  method: 'GET',
  path: '/clusters',
  tag: 'clusters',
  summary: 'The attached RabbitMQ clusters with their last known state (never their credentials)',
  responses: { 200: { description: 'Clusters', schema: clusterListSchema } },
  authorize: anyCaller,
  handle: ({ services }) => json(services.clusters.registry.list().map((record) => toClusterJson(services, record))),
});

export const getCluster = endpoint({
  operationId: 'getCluster',
  method: 'GET',
  path: '/clusters/{id}',
  tag: 'clusters',
  summary: 'One attached cluster',
  params: clusterParamsSchema,
  responses: { 200: { description: 'The cluster', schema: clusterSchema } },
  errors: ['not_found'],
  authorize: anyCaller,
  handle: ({ services, params }) => json(toClusterJson(services, services.clusters.registry.get(params.id))),
});

export const attachCluster = endpoint({
  operationId: 'attachCluster',
  method: 'POST',
  path: '/clusters',
  tag: 'clusters',
  summary: 'Attach a RabbitMQ cluster: every URL is tried with the credentials first, and nothing is saved unless it works',
  description:
    'A wrong URL or password, a URL that is not the management API, or URLs of two clusters answer 400 with `details.field` ' +
    'and `details.problem`; a node that does not answer is a warning while another one does. The credentials are ' +
    'stored encrypted with SWITCHBOARD_SECRET_KEY (409 when it is not set) and never answered.',
  body: clusterCreateBodySchema,
  responses: { 201: { description: 'Attached', schema: clusterSavedSchema } },
  errors: ['forbidden', 'precondition_failed'],
  authorize: administratorOnly('Attaching clusters'),
  audit: { action: 'cluster.attach', resource: ({ body }) => `cluster '${body.name}'` },
  handle: async ({ services, caller, body, signal, note }) => {
    const { record, warnings } = await services.clusters.registry.attach(body, caller!.user, { signal });
    note({ resource: `cluster '${record.name}'`, detail: { id: record.id, managementUrls: record.managementUrls, amqpUrls: record.amqpUrls, warnings } });
    return json({ ...toClusterJson(services, record), warnings }, 201);
  },
});

export const changeCluster = endpoint({
  operationId: 'changeCluster',
  method: 'PATCH',
  path: '/clusters/{id}',
  tag: 'clusters',
  summary: 'Rename a cluster, or change how it is reached (checked again first); an omitted password is kept',
  params: clusterParamsSchema,
  body: clusterPatchBodySchema,
  responses: { 200: { description: 'Changed', schema: clusterSavedSchema } },
  errors: ['forbidden', 'not_found', 'precondition_failed'],
  authorize: administratorOnly('Changing clusters'),
  audit: { action: 'cluster.change', resource: clusterLabel },
  handle: async ({ services, params, body, signal, note }) => {
    // Named as it was before the change: a rename is read as from → to in the detail.
    note({ resource: clusterLabel({ services, params }) });
    const { record, warnings } = await services.clusters.registry.change(params.id, body, { signal });
    const changed = Object.keys(body).map((field) => (field === 'password' || field === 'username' ? 'credentials' : field));
    note({ detail: { changed: [...new Set(changed)], ...(body.name !== undefined ? { name: record.name } : {}), warnings } });
    return json({ ...toClusterJson(services, record), warnings });
  },
});

export const detachCluster = endpoint({
  operationId: 'detachCluster',
  method: 'DELETE',
  path: '/clusters/{id}',
  tag: 'clusters',
  summary: 'Detach a cluster: Switchboard forgets it and its credentials; the cluster itself is untouched',
  params: clusterParamsSchema,
  responses: { 204: { description: 'Detached' } },
  errors: ['forbidden', 'not_found'],
  authorize: administratorOnly('Detaching clusters'),
  audit: { action: 'cluster.detach', resource: clusterLabel },
  handle: async ({ services, params, note }) => {
    // Named before it is forgotten: afterwards only its id would be left to say.
    note({ resource: clusterLabel({ services, params }) });
    await services.clusters.registry.detach(params.id);
    return noContent();
  },
});

export const listClusterVhosts = endpoint({
  operationId: 'listClusterVhosts',
  method: 'GET',
  path: '/clusters/{id}/vhosts',
  tag: 'clusters',
  summary: "The cluster's vhosts (for the console's switch), as its user sees them",
  params: clusterParamsSchema,
  responses: { 200: { description: 'Vhosts', schema: clusterVhostListSchema } },
  errors: ['not_found', 'unavailable'],
  authorize: anyCaller,
  // Switchboard's permissions are by vhost name, on every broker: the caller sees the cluster's vhosts it may see here
  // (monitoring and administrators see them all).
  handle: async ({ services, params, signal, caller, access }) => {
    const client = services.clusters.clients.management(params.id);
    let answer: unknown[];
    try {
      answer = await client.get<unknown[]>('/api/vhosts', signal);
    } catch (error) {
      throw asEngineError(error, params.id);
    }
    const vhosts = answer.map((raw) => {
      const vhost = (raw ?? {}) as { name?: unknown; description?: unknown };
      return { name: String(vhost.name ?? ''), description: typeof vhost.description === 'string' ? vhost.description : '' };
    });
    return json(vhosts.filter((vhost) => access.policy.canSeeVhost(caller!, vhost.name)));
  },
});

export const listClusterNodes = endpoint({
  operationId: 'listClusterNodes',
  method: 'GET',
  path: '/clusters/{id}/nodes',
  tag: 'clusters',
  summary: "The cluster's nodes from the last sample (every 5 s): running, alarms, partitions, version, uptime",
  description: 'Read from the last sample, so it answers at once; when the cluster stops answering, `observedAt` shows the age of the figures.',
  params: clusterParamsSchema,
  responses: { 200: { description: 'Nodes', schema: clusterNodeListSchema } },
  errors: ['forbidden', 'not_found', 'unavailable'],
  authorize: monitoringOnly,
  handle: async ({ services, params }) => {
    const { at, nodes } = await services.clusters.monitor.nodes(params.id);
    return json(
      nodes.map(({ name, running, memoryAlarm, diskAlarm, partitions, version, uptimeMs }) => ({
        name,
        running,
        memoryAlarm,
        diskAlarm,
        partitions,
        version,
        uptimeMs,
        observedAt: at,
      })),
    );
  },
});

export const getClusterNodeHistory = endpoint({
  operationId: 'getClusterNodeHistory',
  method: 'GET',
  path: '/clusters/{id}/nodes/history',
  tag: 'clusters',
  summary: "The cluster's node samples of the last hour at most: running, memory, disk and file descriptors",
  params: clusterParamsSchema,
  query: clusterNodeHistoryQuerySchema,
  responses: { 200: { description: 'Samples, oldest first', schema: clusterNodeHistorySchema } },
  errors: ['forbidden', 'not_found'],
  authorize: monitoringOnly,
  handle: ({ services, params, query }) => {
    const { monitor } = services.clusters;
    const samples = monitor.history(params.id, Date.now() - query.minutes * 60_000);
    return json({
      intervalMs: monitor.sampleIntervalMs,
      samples: samples.map(({ at, nodes }) => ({
        at,
        nodes: nodes.map(({ name, running, memoryUsedBytes, memoryLimitBytes, diskFreeBytes, diskFreeLimitBytes, fdUsed, fdTotal }) => ({
          name,
          running,
          memoryUsedBytes,
          memoryLimitBytes,
          diskFreeBytes,
          diskFreeLimitBytes,
          fdUsed,
          fdTotal,
        })),
      })),
    });
  },
});
