/** @module The engine's public surface, named one by one. */
export { Broker, BUILT_IN_EXCHANGES } from './broker';
export type { BrokerOptions, BindingDeclaration, ExchangeDeclaration, Overview, PeekedMessage, QueueDeclaration } from './broker';
export { FakeClock, systemClock } from './clock';
export type { Clock } from './clock';
export { EngineError, isEngineError } from './errors';
export type { EngineErrorCode } from './errors';
export type { ConsumerKind, ConsumerOptions } from './queue/consumer';
export type { RouteStep } from './routing/topology';
export type { ReadyCount, RecoveredState, Store, TopologyWrite, WriteBatch } from './store';
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
