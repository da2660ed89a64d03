/**
 * @module Exchanges and bindings of one vhost of an attached cluster, through its management API, and the route test:
 * computed by the engine's own Topology (lib/engine/routing) over the cluster's exchanges and bindings, so a cluster
 * and the embedded broker answer "where would this go" by the same rules.
 */
import type { Binding } from '@/lib/api/schemas/bindings';
import type { Exchange } from '@/lib/api/schemas/exchanges';
import type { BrokerBackend } from '../backend/broker-backend';
import { EngineError } from '../engine/errors';
import { Topology } from '../engine/routing/topology';
import { checkRoutingHeaders } from '../engine/message-limits';
import { splitRoutingKeys } from '../engine/publishing';
import type { BindingSpec, ExchangeInfo, FieldTable } from '../engine/types';
import { vhostPath, type ManagementClient } from './management-client';
import { asEngineError, asRedeclaration, exists, unlessMissing } from './management-failures';
import { bindingFilter, DEFAULT_BINDING_PREFIX, fromRabbitBinding, fromRabbitExchange, readBindingId } from './rabbitmq-topology';

type RoutingPart = Pick<
  BrokerBackend,
  'listExchanges' | 'getExchange' | 'declareExchange' | 'deleteExchange' | 'listBindings' | 'getBinding' | 'bind' | 'unbind' | 'routeTest'
>;

/** The management API's name of an exchange in a URL: the default exchange is `amq.default` there. */
const urlName = (name: string) => encodeURIComponent(name === '' ? 'amq.default' : name);
const sameArguments = (a: FieldTable, b: FieldTable) => JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
const sortedKeys = (table: FieldTable) => Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));

export function rabbitmqRouting(clusterId: string, vhost: string, management: ManagementClient): RoutingPart {
  const v = vhostPath(vhost);
  const managed = async <T>(call: () => Promise<T>, what?: { kind: string; name: string }): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw asEngineError(error, clusterId, what);
    }
  };
  const exchangeRef = (name: string) => ({ kind: 'exchange', name: name === '' ? 'amq.default' : name });
  const destinationPath = (spec: Pick<BindingSpec, 'source' | 'destination' | 'destinationType'>) =>
    `/api/bindings/${v}/e/${urlName(spec.source)}/${spec.destinationType === 'queue' ? 'q' : 'e'}/${encodeURIComponent(spec.destination)}`;
  const between = (spec: Pick<BindingSpec, 'source' | 'destination' | 'destinationType'>, signal?: AbortSignal) =>
    managed(() => management.get<unknown[]>(destinationPath(spec), signal), { kind: spec.destinationType, name: spec.destination }).then((raw) => (raw ?? []).map(fromRabbitBinding));
  const findSame = (bindings: Binding[], spec: BindingSpec) => bindings.find((b) => b.routingKey === spec.routingKey && sameArguments(b.arguments, spec.arguments));

  const routing: RoutingPart = {
    async listExchanges(signal) {
      const answer = await managed(() => management.get<unknown[]>(`/api/exchanges/${v}`, signal), { kind: 'vhost', name: vhost });
      return (answer ?? []).flatMap((raw) => fromRabbitExchange(raw) ?? []);
    },

    async getExchange(name, signal) {
      const exchange = fromRabbitExchange(await managed(() => management.get<unknown>(`/api/exchanges/${v}/${urlName(name)}`, signal), exchangeRef(name)));
      if (!exchange) throw new EngineError('not_supported', `exchange '${name}' is of a type Switchboard does not know (a plugin's)`, { kind: 'exchange', name, reason: 'plugin exchange type' });
      return exchange;
    },

    async declareExchange(name, settings, signal) {
      const existed = await exists(routing.getExchange(name, signal));
      const args = { ...settings.arguments, ...(settings.alternateExchange !== undefined ? { 'alternate-exchange': settings.alternateExchange } : {}) };
      try {
        await management.put(`/api/exchanges/${v}/${urlName(name)}`, { type: settings.type, durable: settings.durable, auto_delete: settings.autoDelete, internal: settings.internal, arguments: args }, signal);
      } catch (error) {
        throw asRedeclaration(asEngineError(error, clusterId, exchangeRef(name)), existed);
      }
      return { created: !existed, exchange: await routing.getExchange(name, signal) };
    },

    async deleteExchange(name, { ifUnused }, signal) {
      await routing.getExchange(name, signal);
      try {
        await management.delete(`/api/exchanges/${v}/${urlName(name)}${ifUnused ? '?if-unused=true' : ''}`, signal);
      } catch (error) {
        const mapped = asEngineError(error, clusterId, exchangeRef(name));
        if (ifUnused && mapped instanceof EngineError && mapped.code === 'bad_request') throw new EngineError('precondition_failed', `exchange '${name}' is in use`, { kind: 'exchange', name });
        throw mapped;
      }
    },

    async listBindings(filter, signal) {
      // From one exchange: RabbitMQ lists them itself.
      const path = filter.source === undefined ? `/api/bindings/${v}` : `/api/exchanges/${v}/${urlName(filter.source)}/bindings/source`;
      const listing = managed(() => management.get<unknown[]>(path, signal), { kind: 'vhost', name: vhost });
      // As on the embedded broker, an exchange that does not exist is the source of no bindings.
      const answer = filter.source === undefined ? await listing : await unlessMissing(listing, []);
      return (answer ?? []).map(fromRabbitBinding).filter(bindingFilter(filter));
    },

    async getBinding(id, signal) {
      if (id.startsWith(DEFAULT_BINDING_PREFIX)) {
        const queue = id.slice(DEFAULT_BINDING_PREFIX.length);
        const found = await exists(managed(() => management.get<unknown>(`/api/queues/${v}/${encodeURIComponent(queue)}`, signal), { kind: 'queue', name: queue }));
        return found ? { id, source: 'amq.default', destination: queue, destinationType: 'queue', routingKey: queue, arguments: {} } : undefined;
      }
      const spec = readBindingId(id);
      if (!spec) return undefined;
      const bindings = await unlessMissing(between(spec, signal), []);
      return bindings.find((binding) => binding.id === id);
    },

    async bind(spec, signal) {
      if (spec.source === '') throw new EngineError('forbidden', 'cannot bind to the default exchange', { kind: 'exchange', name: 'amq.default' });
      await routing.getExchange(spec.source, signal);
      const existing = findSame(await between(spec, signal), spec);
      if (existing) return { created: false, binding: existing };
      await managed(() => management.post(destinationPath(spec), { routing_key: spec.routingKey, arguments: spec.arguments }, signal), { kind: spec.destinationType, name: spec.destination });
      const made = findSame(await between(spec, signal), spec);
      if (!made) throw new EngineError('unavailable', 'The cluster accepted the binding but does not list it (was it removed at once?)', { cluster: clusterId });
      return { created: true, binding: made };
    },

    async unbind(id, signal) {
      const binding = await routing.getBinding(id, signal);
      if (!binding) throw new EngineError('not_found', `binding '${id}' does not exist on the cluster`, { kind: 'binding', name: id });
      if (binding.source === 'amq.default') throw new EngineError('forbidden', "the default exchange's bindings cannot be removed", { kind: 'binding', name: id });
      const spec = readBindingId(id)!;
      await managed(() => management.delete(`${destinationPath(spec)}/${encodeURIComponent(spec.propertiesKey)}`, signal), { kind: 'binding', name: id });
    },

    async routeTest(exchange, routingKey, headers, signal) {
      checkRoutingHeaders(headers, ['headers']);
      const [exchanges, bindings] = await Promise.all([routing.listExchanges(signal), routing.listBindings({}, signal)]);
      return routeOver(exchanges, bindings, exchange, routingKey, headers);
    },
  };
  return routing;
}

/** The engine's routing over a snapshot of the cluster's exchanges and bindings (BCC is left out of the headers). */
function routeOver(exchanges: Exchange[], bindings: Binding[], exchange: string, routingKey: string, headers: FieldTable | undefined) {
  const engineName = (name: string) => (name === 'amq.default' ? '' : name);
  const queues = new Set(bindings.filter((b) => b.source === 'amq.default').map((b) => b.destination));
  const topology = new Topology((name) => queues.has(name));
  for (const { name, ...settings } of exchanges) topology.putExchange({ ...settings, name: engineName(name) } as ExchangeInfo);
  for (const binding of bindings) if (binding.source !== 'amq.default') topology.addBinding({ ...binding, source: engineName(binding.source) });
  const { routingKeys, bcc } = splitRoutingKeys(routingKey, headers);
  const { BCC: _removed, ...routed } = headers ?? {};
  const route = topology.route(exchange, [...routingKeys, ...bcc], headers && routed);
  return { queues: [...route.queues].sort(), path: route.path };
}
