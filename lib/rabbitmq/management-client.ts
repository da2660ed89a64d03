/**
 * @module A typed client of RabbitMQ's management HTTP API for one cluster, reached through the management URLs of
 * its nodes. It fails over to the next URL only when one cannot be reached; an answer (401, 404, RabbitMQ's JSON
 * error) is the cluster's answer, and asking another node would only hide a misconfiguration.
 */
import {
  describeNetworkFailure,
  ManagementError,
  parseJson,
  readRabbitError,
  withoutCredentials,
  type ManagementErrorInit,
} from './management-errors';

export { ManagementError, type ManagementErrorCode } from './management-errors';

export interface ManagementClientOptions {
  /** One management URL per node, e.g. 'http://127.0.0.1:15701'; a trailing slash is tolerated, a path prefix kept. */
  urls: readonly string[];
  username: string;
  password: string;
  /** Bounds each attempt (connect, headers and body), in ms; default 5000. */
  timeoutMs?: number;
  /** Default globalThis.fetch, looked up at each call. */
  fetch?: typeof fetch;
}

export interface ClusterOverview {
  rabbitmqVersion: string;
  clusterName: string;
  managementVersion?: string;
}

export interface ManagementUser {
  name: string;
  tags: string[];
}

export interface ClusterNode {
  name: string;
  running: boolean;
  memoryAlarm: boolean;
  diskAlarm: boolean;
  /** Names of the nodes this one cannot see (a network partition). */
  partitions: string[];
  /** RabbitMQ's version on the node; missing while the node is down. */
  version: string | null;
  /** Missing while the node is down. */
  uptimeMs: number | null;
  memoryUsedBytes: number | null;
  /** The memory high watermark in bytes: at `memoryUsedBytes` above it the node raises its memory alarm. */
  memoryLimitBytes: number | null;
  diskFreeBytes: number | null;
  /** Below it the node raises its disk alarm. */
  diskFreeLimitBytes: number | null;
  fdUsed: number | null;
  fdTotal: number | null;
}

type Method = 'GET' | 'PUT' | 'DELETE' | 'POST';

type Outcome =
  | { kind: 'answer'; value: unknown }
  | { kind: 'refusal'; error: ManagementError }
  | { kind: 'unreachable'; reason: string; neverSent: boolean };

const DEFAULT_TIMEOUT_MS = 5000;

/** A vhost as one path segment: '/' is '%2F', as RabbitMQ's API expects. */
export function vhostPath(vhost: string): string {
  return encodeURIComponent(vhost);
}

export class ManagementClient {
  private readonly baseUrls: readonly string[];
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetchOverride?: typeof fetch;
  private preferredIndex = 0;

  constructor(options: ManagementClientOptions) {
    if (options.urls.length === 0) throw new Error('A RabbitMQ cluster needs at least one management URL');
    this.baseUrls = options.urls.map(normalizeBaseUrl);
    // Basic auth cannot carry a ':' in the user name: RabbitMQ would split it there and refuse a wrong user.
    if (options.username.includes(':')) throw new Error('A RabbitMQ user name used over HTTP basic auth cannot contain ":"');
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`timeoutMs must be a positive number of ms, not ${timeoutMs}`);
    this.timeoutMs = timeoutMs;
    this.fetchOverride = options.fetch;
  }

  /** The URL that answered last (tried first next time). */
  get currentUrl(): string {
    return this.baseUrls[this.preferredIndex];
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request('GET', path, undefined, signal) as Promise<T>;
  }

  async put(path: string, body: unknown, signal?: AbortSignal): Promise<void> {
    await this.request('PUT', path, body, signal);
  }

  /** `headers` as RabbitMQ reads them on some deletes (`X-Reason` when closing a connection). */
  async delete(path: string, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<void> {
    await this.request('DELETE', path, undefined, signal, headers);
  }

  /** Resolves to the parsed JSON answer, or undefined when RabbitMQ answers without a body (201, 204). */
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.request('POST', path, body, signal) as Promise<T>;
  }

  async overview(signal?: AbortSignal): Promise<ClusterOverview> {
    const body = asRecord(await this.get<unknown>('/api/overview', signal));
    if (typeof body?.rabbitmq_version !== 'string') throw this.notManagementApi('/api/overview', 'rabbitmq_version');
    return {
      rabbitmqVersion: body.rabbitmq_version,
      clusterName: typeof body.cluster_name === 'string' ? body.cluster_name : '',
      ...(typeof body.management_version === 'string' ? { managementVersion: body.management_version } : {}),
    };
  }

  async whoami(signal?: AbortSignal): Promise<ManagementUser> {
    const body = asRecord(await this.get<unknown>('/api/whoami', signal));
    if (typeof body?.name !== 'string') throw this.notManagementApi('/api/whoami', 'name');
    // RabbitMQ 3.9+ lists the tags; older versions join them with commas in one string.
    const tags = Array.isArray(body.tags)
      ? body.tags.filter((tag): tag is string => typeof tag === 'string')
      : typeof body.tags === 'string'
        ? body.tags.split(',').map((tag) => tag.trim()).filter(Boolean)
        : [];
    return { name: body.name, tags };
  }

  async nodes(signal?: AbortSignal): Promise<ClusterNode[]> {
    const body = await this.get<unknown>('/api/nodes', signal);
    if (!Array.isArray(body)) throw this.notManagementApi('/api/nodes', 'a list of nodes');
    return body.map((raw): ClusterNode => {
      const node = asRecord(raw) ?? {};
      return {
        name: typeof node.name === 'string' ? node.name : '',
        running: node.running === true,
        memoryAlarm: node.mem_alarm === true,
        diskAlarm: node.disk_free_alarm === true,
        partitions: Array.isArray(node.partitions) ? node.partitions.filter((p): p is string => typeof p === 'string') : [],
        version: rabbitVersionOf(node.applications),
        uptimeMs: numberOrNull(node.uptime),
        memoryUsedBytes: numberOrNull(node.mem_used),
        memoryLimitBytes: numberOrNull(node.mem_limit),
        diskFreeBytes: numberOrNull(node.disk_free),
        diskFreeLimitBytes: numberOrNull(node.disk_free_limit),
        fdUsed: numberOrNull(node.fd_used),
        fdTotal: numberOrNull(node.fd_total),
      };
    });
  }

  private async request(method: Method, path: string, body: unknown, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<unknown> {
    if (!path.startsWith('/')) throw new Error(`A management API path starts with "/", as in "/api/overview"; got "${path}"`);
    signal?.throwIfAborted();
    const failures: string[] = [];
    for (const index of this.attemptOrder()) {
      const baseUrl = this.baseUrls[index];
      const outcome = await this.attempt(baseUrl, method, path, body, signal, extraHeaders);
      if (outcome.kind !== 'unreachable') {
        this.preferredIndex = index;
        if (outcome.kind === 'refusal') throw outcome.error;
        return outcome.value;
      }
      failures.push(`${baseUrl}: ${outcome.reason}`);
      // A POST (publish, get) that may have reached RabbitMQ must not run twice on another node.
      if (method === 'POST' && !outcome.neverSent && failures.length < this.baseUrls.length) {
        failures.push('not retried elsewhere: the POST may have been applied');
        break;
      }
    }
    throw new ManagementError('unreachable', `no management URL answered: ${failures.join('; ')}`, {
      url: this.currentUrl,
      details: { method, path, failures },
    });
  }

  /** The last URL that answered first, then the others in the configured order. */
  private attemptOrder(): number[] {
    const others = this.baseUrls.map((_, index) => index).filter((index) => index !== this.preferredIndex);
    return [this.preferredIndex, ...others];
  }

  private async attempt(baseUrl: string, method: Method, path: string, body: unknown, signal: AbortSignal | undefined, extraHeaders: Record<string, string>): Promise<Outcome> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { ...extraHeaders, authorization: this.authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const fetchImpl = this.fetchOverride ?? globalThis.fetch;
    try {
      const response = await fetchImpl(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        // A redirect is a misconfigured URL to report, and following one would turn a POST into a GET.
        redirect: 'manual',
      });
      // Read under the same signal: a server that sends headers and then stalls is as unreachable as a silent one.
      const text = await response.text();
      return interpret(baseUrl, method, path, response, text);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) return { kind: 'unreachable', reason: `timed out after ${this.timeoutMs} ms`, neverSent: false };
      return { kind: 'unreachable', ...describeNetworkFailure(error) };
    }
  }

  private notManagementApi(path: string, missing: string): ManagementError {
    const url = this.currentUrl;
    return new ManagementError('not_management_api', `${url} answered ${path} without ${missing}, not RabbitMQ's management API`, {
      status: 200,
      url,
      details: { method: 'GET', path },
    });
  }
}

function interpret(baseUrl: string, method: Method, path: string, response: Response, text: string): Outcome {
  const { status } = response;
  const init: ManagementErrorInit = { status, url: baseUrl, details: { method, path } };
  const refuse = (code: ManagementError['code'], message: string, extra: Record<string, unknown> = {}): Outcome => ({
    kind: 'refusal',
    error: new ManagementError(code, message, { ...init, details: { ...init.details, ...extra } }),
  });
  const isHtml = /\btext\/html\b/i.test(response.headers.get('content-type') ?? '');
  const parsed = text.trim() === '' ? undefined : parseJson(text);
  const rabbitError = parsed?.ok ? readRabbitError(parsed.value) : undefined;
  const reason = rabbitError?.reason ?? rabbitError?.error;
  const because = reason ? `: ${reason}` : '';
  const extra = rabbitError ? { error: rabbitError.error ?? rabbitError.status, reason } : {};

  if (status >= 200 && status < 300) {
    if (isHtml) return refuse('not_management_api', `${baseUrl} answered HTML, not RabbitMQ's management API`);
    if (parsed === undefined) {
      if (method !== 'GET') return { kind: 'answer', value: undefined };
      return refuse('not_management_api', `${baseUrl} answered GET ${path} with an empty body, not RabbitMQ's management API`);
    }
    if (!parsed.ok) return refuse('not_management_api', `${baseUrl} answered ${method} ${path} with something other than JSON, not RabbitMQ's management API`);
    return { kind: 'answer', value: parsed.value };
  }
  if (status === 401) return refuse('unauthorized', `The management API at ${baseUrl} refused the credentials (401)${because}`, extra);
  if (status === 403) return refuse('forbidden', `The management API at ${baseUrl} does not allow this user ${method} ${path} (403)${because}`, extra);
  if (status >= 300 && status < 400) {
    const location = withoutCredentials(response.headers.get('location') ?? '');
    return refuse('bad_response', `${baseUrl} redirects (${status}) to ${location || 'elsewhere'}; configure the management URL it points to`, { location });
  }
  // A failed health check (/api/health/checks/...) answers 503 about this very node: another node's answer would lie.
  if (status === 503 && rabbitError?.status === 'failed') return refuse('rejected', `The health check ${path} failed at ${baseUrl} (503)${because}`, extra);
  // 503 (a node starting, a proxy without backend) and a proxy's 502/504 say nothing about the cluster: try the next node.
  if (status === 503 || (status >= 500 && !rabbitError)) return { kind: 'unreachable', reason: `answered ${status}`, neverSent: status === 503 };
  if (isHtml) return refuse('not_management_api', `${baseUrl} answered HTML (${status}), not RabbitMQ's management API`);
  if (status === 404) return refuse('not_found', `The management API at ${baseUrl} has no ${path} (404)${because}`, extra);
  if (status >= 400 && status < 500) return refuse('rejected', `The management API at ${baseUrl} rejected ${method} ${path} (${status})${because}`, extra);
  return refuse('bad_response', `The management API at ${baseUrl} answered ${method} ${path} with ${status}${because}`, extra);
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The version of the `rabbit` application in a node's `applications` (listed only while it runs). */
function rabbitVersionOf(applications: unknown): string | null {
  if (!Array.isArray(applications)) return null;
  const rabbit = applications.map(asRecord).find((app) => app?.name === 'rabbit');
  return typeof rabbit?.version === 'string' ? rabbit.version : null;
}

/** Checks a management URL the way the client will use it: `bad_url`-style Error with a sentence that says why. */
export function managementBaseUrl(raw: string): string {
  return normalizeBaseUrl(raw);
}

function normalizeBaseUrl(raw: string): string {
  const shown = withoutCredentials(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${shown}" is not a URL; a management URL looks like http://rabbit-1:15672`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const hint = url.protocol.startsWith('amqp') ? ' (AMQP URLs are configured apart)' : '';
    throw new Error(`The management URL ${shown} must use http: or https:, not ${url.protocol}${hint}`);
  }
  if (url.username || url.password) throw new Error(`The management URL ${shown} must not carry credentials; give username and password apart`);
  if (url.search || url.hash) throw new Error(`The management URL ${shown} must not carry a query or a fragment`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
