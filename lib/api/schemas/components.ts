/** @module The named schemas of the OpenAPI document: request bodies (read as input) and responses (as output). */
import type { z } from 'zod';
import { auditEventSchema, auditPageSchema } from './audit';
import { bindingCreateBodySchema, bindingListSchema, bindingSchema } from './bindings';
import { errorBodySchema, fieldTableSchema, fieldValueSchema, issueSchema, ratesSchema } from './common';
import { channelSchema, connectionListSchema, connectionSchema } from './connections';
import { demoBodySchema, demoStatusSchema } from './demo';
import { definitionsDiffSchema, definitionsExportSchema, definitionsImportSchema, vhostDefinitionsExportSchema } from './definitions';
import {
  exchangeDeclareBodySchema,
  exchangeDetailSchema,
  exchangeListSchema,
  exchangeSchema,
  routeTestBodySchema,
  routeTestResultSchema,
} from './exchanges';
import {
  ackBodySchema,
  ackResultSchema,
  deliverySchema,
  messagePageSchema,
  messagePropertiesSchema,
  messageSchema,
  nackBodySchema,
  nackResultSchema,
  publishBatchBodySchema,
  publishBatchResultSchema,
  publishBodySchema,
  publishResultSchema,
  queuePublishBodySchema,
  receiveBodySchema,
  receiveResultSchema,
} from './messages';
import { deadLetterCountsSchema, jobListSchema, jobSchema, replayBodySchema, replayCountSchema, replayFilterSchema, replayStartedSchema } from './jobs';
import { moveBodySchema, moveResultSchema, moveTargetSchema, requeueResultSchema } from './message-actions';
import { consumerListSchema, consumerSchema, liveEventsSchema, liveQueueSchema, queueMetricsSchema } from './metrics';
import { purgeResultSchema, queueArgumentsSchema, queueDeclareBodySchema, queuePageSchema, queueSchema } from './queues';
import { exchangeTotalsSchema, healthSchema, overviewSchema, readinessSchema } from './system';
import { memoryStatusSchema, memoryWatermarkBodySchema } from './memory';
import {
  apiKeyCreateBodySchema,
  apiKeyCreatedSchema,
  apiKeyListSchema,
  apiKeySchema,
  permissionListSchema,
  permissionPutBodySchema,
  permissionSchema,
  sessionBodySchema,
  sessionsEndedSchema,
  userListSchema,
  userPutBodySchema,
  userSchema,
  vhostListSchema,
  vhostPutBodySchema,
  vhostSchema,
  whoamiSchema,
} from './access';

/** Named in both directions; they read the same as input and as output. */
const shared: Record<string, z.ZodType> = {
  FieldValue: fieldValueSchema,
  FieldTable: fieldTableSchema,
  QueueArguments: queueArgumentsSchema,
};

export const requestComponents: Record<string, z.ZodType> = {
  ...shared,
  DeclareExchangeBody: exchangeDeclareBodySchema,
  RouteTestBody: routeTestBodySchema,
  DeclareQueueBody: queueDeclareBodySchema,
  CreateBindingBody: bindingCreateBodySchema,
  PublishBody: publishBodySchema,
  QueuePublishBody: queuePublishBodySchema,
  PublishBatchBody: publishBatchBodySchema,
  ReceiveBody: receiveBodySchema,
  MemoryWatermarkBody: memoryWatermarkBodySchema,
  AckBody: ackBodySchema,
  NackBody: nackBodySchema,
  MoveTarget: moveTargetSchema,
  MoveBody: moveBodySchema,
  ReplayFilter: replayFilterSchema,
  ReplayBody: replayBodySchema,
  SessionBody: sessionBodySchema,
  UserPutBody: userPutBodySchema,
  VhostPutBody: vhostPutBodySchema,
  PermissionPutBody: permissionPutBodySchema,
  ApiKeyCreateBody: apiKeyCreateBodySchema,
  Definitions: definitionsImportSchema,
  DemoBody: demoBodySchema,
};

export const responseComponents: Record<string, z.ZodType> = {
  ...shared,
  Error: errorBodySchema,
  Issue: issueSchema,
  Rates: ratesSchema,
  Health: healthSchema,
  Readiness: readinessSchema,
  MemoryStatus: memoryStatusSchema,
  Overview: overviewSchema,
  ExchangeTotals: exchangeTotalsSchema,
  Exchange: exchangeSchema,
  ExchangeList: exchangeListSchema,
  ExchangeDetail: exchangeDetailSchema,
  RouteTestResult: routeTestResultSchema,
  Queue: queueSchema,
  QueuePage: queuePageSchema,
  PurgeResult: purgeResultSchema,
  Binding: bindingSchema,
  BindingList: bindingListSchema,
  PublishResult: publishResultSchema,
  PublishBatchResult: publishBatchResultSchema,
  MessageProperties: messagePropertiesSchema,
  Message: messageSchema,
  Delivery: deliverySchema,
  ReceiveResult: receiveResultSchema,
  AckResult: ackResultSchema,
  NackResult: nackResultSchema,
  MessagePage: messagePageSchema,
  MoveResult: moveResultSchema,
  RequeueResult: requeueResultSchema,
  DeadLetterCounts: deadLetterCountsSchema,
  ReplayStarted: replayStartedSchema,
  ReplayCount: replayCountSchema,
  Job: jobSchema,
  JobList: jobListSchema,
  DefinitionsExport: definitionsExportSchema,
  VhostDefinitionsExport: vhostDefinitionsExportSchema,
  DefinitionsDiff: definitionsDiffSchema,
  QueueMetrics: queueMetricsSchema,
  Consumer: consumerSchema,
  ConsumerList: consumerListSchema,
  Connection: connectionSchema,
  ConnectionList: connectionListSchema,
  Channel: channelSchema,
  LiveQueue: liveQueueSchema,
  LiveEvents: liveEventsSchema,
  DemoStatus: demoStatusSchema,
  User: userSchema,
  UserList: userListSchema,
  Vhost: vhostSchema,
  VhostList: vhostListSchema,
  Permission: permissionSchema,
  PermissionList: permissionListSchema,
  ApiKey: apiKeySchema,
  ApiKeyList: apiKeyListSchema,
  ApiKeyCreated: apiKeyCreatedSchema,
  WhoAmI: whoamiSchema,
  SessionsEnded: sessionsEndedSchema,
  AuditEvent: auditEventSchema,
  AuditPage: auditPageSchema,
};
