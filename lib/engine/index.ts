/** @module The engine's public surface, named one by one. */
export { Broker } from './broker';
export { BUILT_IN_EXCHANGES } from './built-in-exchanges';
export type { BrokerOptions, BindingDeclaration, ConsumerInfo, ConsumerSubscription, DeadLetterCounts, ExchangeDeclaration, MoveResult, MoveTarget, Overview, PeekedMessage, QueueDeclaration } from './broker-types';
export { ServiceHealth } from './service-health';
export type { HealthProblem, HealthProblemKind } from './service-health';
export { ALARM_RETRY_AFTER_MS, ResourceAlarm } from './resource-alarm';
export type { RaisedAlarm, ResourceAlarmKind } from './resource-alarm';
export { PROMETHEUS_BUCKETS_MS } from './metrics/latency';
export type { CumulativeLatency, LatencySummary } from './metrics/latency';
export { MemoryMetricsHistory } from './metrics/metrics-history';
export type { MetricsHistory, RollupRow } from './metrics/metrics-history';
export type { ExchangeCounters, LatencySnapshot, MetricsSnapshot, QueueMetricsSeries, QueueSnapshot } from './metrics/metrics-types';
export { emptyCounters } from './metrics/queue-counters';
export type { QueueCounters } from './metrics/queue-counters';
export { FakeClock, systemClock } from './clock';
export { DEFAULT_MAX_REDRIVES, REDRIVE_COUNT_HEADER } from './jobs/job';
export type { JobInfo, JobStatus, ReplayFilter, ReplayOptions, ReplayTarget } from './jobs/job';
export type { Clock } from './clock';
export { EngineError, isEngineError } from './errors';
export { checkFieldTable, checkMessage, contentHeaderBytes, messageBytes, MESSAGE_LIMITS } from './message-limits';
export { bindingId } from './routing/binding-id';
export { queueArgumentsFromRabbit, queueArgumentsToRabbit, RABBIT_QUEUE_ARGUMENTS } from './rabbit-arguments';
export type { EngineErrorCode } from './errors';
export type { ConsumerKind, ConsumerOptions } from './queue/consumer';
export type { RouteStep } from './routing/topology';
export { DEFAULT_VHOST } from './store';
export type { ReadyCount, RecoveredState, SharedStore, Store, TopologyWrite, WriteBatch } from './store';
export { SeqAllocator } from './seq-allocator';
export { VhostBrokers } from './vhost-brokers';
export type { VhostBrokersOptions } from './vhost-brokers';
export { rollupEntityPrefix, vhostMetricsHistory } from './metrics/vhost-metrics-history';
export type {
  BindingInfo,
  BindingSpec,
  DeathEntry,
  DeathReason,
  Delivery,
  DestinationType,
  ExchangeInfo,
  ExchangeSettings,
  ExchangeType,
  FieldTable,
  FieldValue,
  MessageProperties,
  OverflowBehaviour,
  PublishInput,
  PublishResult,
  QueueArguments,
  QueuedMessage,
  QueueInfo,
  QueueSettings,
  QueueStats,
  RateSet,
} from './types';
export type { QueueFigure, QueueFigures, QueueReading, QueueReads } from './metrics/queue-reads';
