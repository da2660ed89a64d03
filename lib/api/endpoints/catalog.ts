/** @module Every endpoint of the API, in the order the OpenAPI document lists them. */
import type { Endpoint } from '../endpoint';
import { createBinding, deleteBinding, listBindings } from './bindings';
import { ack, nack, peek, receive, subscribe } from './consume';
import { closeConnection, getConnection, listConnections } from './connections';
import { closeVhostConnection, getVhostConnection, listVhostConnections } from './vhost-connections';
import { exportTopology, getDefinitions, importDefinitions, importTopology } from './definitions';
import { controlDemo, getDemo } from './demo';
import { declareExchange, deleteExchange, getExchange, listExchanges, routeTest } from './exchanges';
import { cancelJob, getDeadLetterCounts, getJob, listJobs, pauseJob, replay, resumeJob } from './jobs';
import { deleteMessage, moveMessage, requeueMessage } from './message-actions';
import { getOverviewMetrics, getPrometheusMetrics, getPrometheusPerObjectMetrics, getQueueMetrics, listConsumers, liveEvents } from './metrics';
import { publishBatch, publishToExchange, publishToQueue } from './publish';
import { declareQueue, deleteQueue, getQueue, listQueues, purgeQueue } from './queues';
import { createApiKey, deleteApiKey, listApiKeys } from './api-keys';
import { deleteAllSessions, createSession, deleteSession } from './session';
import { deletePermission, getPermission, listPermissions, putPermission } from './permissions';
import { deleteUser, getUser, listUsers, putUser } from './users';
import { deleteVhost, getVhost, listVhosts, putVhost } from './vhosts';
import { whoami } from './whoami';
import { listAuditEvents } from './audit';
import { getHealth, getOverview, getReadiness } from './system';
import { getMemoryWatermark, putMemoryWatermark } from './memory';
import { attachCluster, changeCluster, detachCluster, getCluster, getClusterNodeHistory, listClusterNodes, listClusters, listClusterVhosts } from './clusters';

export const endpoints: readonly Endpoint[] = [
  getHealth,
  getReadiness,
  getOverview,
  getMemoryWatermark,
  putMemoryWatermark,
  liveEvents,
  getOverviewMetrics,
  getPrometheusMetrics,
  getPrometheusPerObjectMetrics,
  createSession,
  deleteSession,
  deleteAllSessions,
  whoami,
  listUsers,
  getUser,
  putUser,
  deleteUser,
  listVhosts,
  getVhost,
  putVhost,
  deleteVhost,
  listPermissions,
  getPermission,
  putPermission,
  deletePermission,
  listApiKeys,
  createApiKey,
  deleteApiKey,
  listAuditEvents,
  listExchanges,
  getExchange,
  declareExchange,
  deleteExchange,
  routeTest,
  publishToExchange,
  publishBatch,
  listQueues,
  getQueue,
  declareQueue,
  deleteQueue,
  purgeQueue,
  getQueueMetrics,
  publishToQueue,
  peek,
  deleteMessage,
  moveMessage,
  requeueMessage,
  getDeadLetterCounts,
  replay,
  listJobs,
  getJob,
  pauseJob,
  resumeJob,
  cancelJob,
  receive,
  ack,
  nack,
  subscribe,
  listConsumers,
  listConnections,
  getConnection,
  closeConnection,
  listVhostConnections,
  getVhostConnection,
  closeVhostConnection,
  listBindings,
  createBinding,
  deleteBinding,
  getDefinitions,
  importDefinitions,
  exportTopology,
  importTopology,
  getDemo,
  controlDemo,
  listClusters,
  attachCluster,
  getCluster,
  changeCluster,
  detachCluster,
  listClusterVhosts,
  listClusterNodes,
  getClusterNodeHistory,
];
