/** @module Switchboard's typed HTTP client, for the dashboard, the CLI and users. */
export { ApiError, isApiError } from './api-error';
export type { ApiErrorInit } from './api-error';
export { createHttp, segment } from './http';
export type { Http, HttpOptions, HttpResponse, RequestOptions } from './http';
export { createSwitchboardClient } from './switchboard-client';
export type { CallOptions, SwitchboardClient } from './switchboard-client';
export { errorIssues } from './error-issues';
export type {
  Binding,
  Consumer,
  CreateBindingBody,
  DeclareExchangeBody,
  DeclareQueueBody,
  DeclareResult,
  DeleteQueueParams,
  Delivery,
  DestinationType,
  Exchange,
  ExchangeDetail,
  ExchangeType,
  FieldTable,
  FieldValue,
  Health,
  ListQueuesParams,
  Message,
  MessageProperties,
  Overflow,
  Overview,
  Page,
  PayloadEncoding,
  PublishBody,
  PublishResult,
  LiveQueue,
  Queue,
  QueueArguments,
  QueueMetrics,
  QueueMetricsParams,
  QueueSort,
  Rates,
  ReceiveBody,
  DeadLetterCounts,
  Job,
  MoveResult,
  MoveTarget,
  PeekParams,
  ReplayBody,
  RequeueResult,
} from './types';
