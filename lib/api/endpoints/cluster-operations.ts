/**
 * @module The operations served on an attached cluster, by operation id: what a cluster's JSON lists for the console.
 * The endpoints say it themselves (`onClusters`); this list is their sum, kept apart so that the clusters' endpoints
 * need not import the whole catalog (which imports them). cluster-operations.test.ts holds the two to each other.
 */
export const CLUSTER_OPERATIONS: readonly string[] = [
  'listQueues', 'getQueue', 'declareQueue', 'deleteQueue', 'purgeQueue', 'publishToQueue', 'publish', 'peek',
  'listExchanges', 'getExchange', 'declareExchange', 'deleteExchange', 'routeTest', 'listBindings', 'createBinding', 'deleteBinding',
  'exportTopology', 'importTopology',
  'getOverview', 'getOverviewMetrics', 'liveEvents',
  'getQueueMetrics', 'listConsumers', 'listVhostConnections', 'getVhostConnection', 'closeVhostConnection',
  'getDeadLetterCounts', 'replay', 'listJobs', 'getJob', 'pauseJob', 'resumeJob', 'cancelJob',
];
