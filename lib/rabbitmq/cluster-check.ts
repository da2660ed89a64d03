/**
 * @module The check before a cluster is saved: every management URL and every AMQP URL is tried with the credentials,
 * in parallel and bounded in time. Wrong credentials, a URL that is not RabbitMQ's management API, or URLs of two
 * different clusters are refused; a node that is down is not (a cluster is attached while one of its nodes is being
 * upgraded), but is named in the warnings, as long as one URL of each kind answers.
 */
import { connectionProblem, type ClusterConnection } from './cluster-connection';
import { dialAmqp, AmqpDialError } from './amqp-dial';
import { ManagementClient, ManagementError, type ClusterOverview } from './management-client';
import { fetchTrusting } from './ca-fetch';

export interface ClusterCheck {
  rabbitmqVersion: string;
  clusterName: string;
  /** Tags of the configured user on the cluster. */
  userTags: string[];
  /** What works but should be known: a node down, a user without the administrator tag. */
  warnings: string[];
}

export interface CheckOptions {
  /** Bounds each URL's attempt; default 5000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type Tried<T> = { index: number; url: string } & ({ ok: true; value: T } | { ok: false; error: unknown });

export async function checkCluster(connection: ClusterConnection, options: CheckOptions = {}): Promise<ClusterCheck> {
  const { rabbitmqVersion, clusterName, tags, warnings } = await tryCluster(connection, options);
  if (!tags.includes('administrator')) {
    warnings.push(`RabbitMQ user '${connection.username}' is tagged ${tags.length ? tags.join(', ') : 'with nothing'}, not administrator: actions that need it (definitions, closing connections, other users' vhosts) will be refused by RabbitMQ`);
  }
  return { rabbitmqVersion, clusterName, userTags: tags, warnings };
}

/** Every URL tried at once; the first management URL that answered is asked who the user is. */
async function tryCluster(connection: ClusterConnection, options: CheckOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetch = connection.ca ? fetchTrusting(connection.ca) : undefined;
  const clientOf = (url: string) =>
    new ManagementClient({ urls: [url], username: connection.username, password: connection.password, timeoutMs, ...(fetch ? { fetch } : {}) });
  try {
    const [management, amqp] = await Promise.all([
      tryEach(connection.managementUrls, (url) => clientOf(url).overview(options.signal)),
      tryEach(connection.amqpUrls, (url) => dialAmqp(url, { ...connection, timeoutMs, ...(options.signal ? { signal: options.signal } : {}) }).then((model) => model.close())),
    ]);
    options.signal?.throwIfAborted();
    const warnings: string[] = [];
    const overview = judgeManagement(management, warnings);
    judgeAmqp(amqp, warnings);
    const answered = management.find((tried) => tried.ok)!;
    const { tags } = await clientOf(answered.url).whoami(options.signal);
    return { ...overview, tags, warnings };
  } finally {
    fetch?.close();
  }
}

async function tryEach<T>(urls: readonly string[], attempt: (url: string) => Promise<T>): Promise<Tried<T>[]> {
  return Promise.all(
    urls.map(async (url, index): Promise<Tried<T>> => {
      try {
        return { index, url, ok: true, value: await attempt(url) };
      } catch (error) {
        return { index, url, ok: false, error };
      }
    }),
  );
}

/** A refusal by any node is the cluster's answer; unreachable nodes are warnings while another one answers. */
function judgeManagement(tried: Tried<ClusterOverview>[], warnings: string[]): ClusterOverview {
  for (const attempt of tried) {
    if (attempt.ok) continue;
    if (!(attempt.error instanceof ManagementError)) throw attempt.error;
    const { code, message } = attempt.error;
    if (code === 'unauthorized') throw connectionProblem('password', 'unauthorized', `RabbitMQ refused the user name or password: ${message}`);
    if (code === 'forbidden') throw connectionProblem('username', 'not_management_user', `The user may not use the management API (it needs a management, monitoring or administrator tag): ${message}`);
    if (code !== 'unreachable') throw connectionProblem('managementUrls', code, message, attempt.index);
  }
  const answers = tried.filter((attempt): attempt is Tried<ClusterOverview> & { ok: true } => attempt.ok);
  if (answers.length === 0) {
    const reasons = tried.map((attempt) => (attempt.ok ? '' : failuresOf(attempt.error as ManagementError))).join('; ');
    throw connectionProblem('managementUrls', 'unreachable', `No management URL answered: ${reasons}`, 0);
  }
  const [first] = answers;
  const stranger = answers.find((attempt) => attempt.value.clusterName !== first.value.clusterName);
  if (stranger) {
    throw connectionProblem(
      'managementUrls',
      'other_cluster',
      `${stranger.url} belongs to cluster '${stranger.value.clusterName}', ${first.url} to '${first.value.clusterName}': list the nodes of one cluster`,
      stranger.index,
    );
  }
  for (const attempt of tried) if (!attempt.ok) warnings.push(`Management URL ${failuresOf(attempt.error as ManagementError)}`);
  return first.value;
}

/** `<url>: <why>` of a one-URL client's `unreachable`, without its "no management URL answered" preamble. */
function failuresOf(error: ManagementError): string {
  const failures = error.details?.failures;
  return Array.isArray(failures) ? failures.join('; ') : error.message;
}

function judgeAmqp(tried: Tried<void>[], warnings: string[]): void {
  for (const attempt of tried) {
    if (attempt.ok) continue;
    if (!(attempt.error instanceof AmqpDialError)) throw attempt.error;
    const { code, message } = attempt.error;
    if (code === 'unauthorized') throw connectionProblem('password', 'unauthorized', `RabbitMQ refused the user name or password over AMQP: ${message}`);
    if (code === 'tls') throw connectionProblem('ca', 'untrusted', message, attempt.index);
  }
  const usable = tried.filter((attempt) => attempt.ok || (attempt.error as AmqpDialError).code === 'vhost_refused');
  if (usable.length === 0) {
    const reasons = tried.map((attempt) => (attempt.ok ? '' : (attempt.error as Error).message)).join('; ');
    throw connectionProblem('amqpUrls', 'unreachable', `No AMQP URL answered: ${reasons}`, 0);
  }
  for (const attempt of tried) {
    if (attempt.ok) continue;
    const error = attempt.error as AmqpDialError;
    warnings.push(error.code === 'vhost_refused' ? `${error.message}: choose vhosts the user may open` : `AMQP URL ${error.message}`);
  }
}
