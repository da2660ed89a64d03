/**
 * @module How Switchboard reaches an attached RabbitMQ cluster: its nodes' management and AMQP URLs, the credentials
 * for both, and the CA of its TLS certificates. The rules for each field live here, once, for every door (the API's
 * attach and change, and anything that reads a stored cluster back).
 */
import { EngineError } from '../engine/errors';
import { managementBaseUrl } from './management-client';
import { withoutCredentials } from './management-errors';

export interface ClusterConnection {
  managementUrls: string[];
  amqpUrls: string[];
  username: string;
  password: string;
  /** PEM of the CA that signs the nodes' certificates (https: and amqps: URLs); none: the system's CAs. */
  ca?: string;
}

/** Bounds of a cluster's configuration (the README's Limits table). */
export const CLUSTER_LIMITS = {
  /** URLs of each kind: one per node, and a few to spare for load balancers. */
  maxUrls: 16,
  maxUrlLength: 2048,
  maxCaBytes: 64 * 1024,
};

type Field = 'managementUrls' | 'amqpUrls' | 'username' | 'password' | 'ca';

/** A `bad_request` naming the field (and the URL's index) so forms can point at it. */
export function connectionProblem(field: Field, problem: string, message: string, index?: number): EngineError {
  return new EngineError('bad_request', message, { field, problem, ...(index !== undefined ? { index } : {}) });
}

/** Refuses a connection that cannot work whatever the cluster says; the URLs come back in the form the client uses. */
export function checkConnectionShape(connection: ClusterConnection): ClusterConnection {
  const managementUrls = urlsOf('managementUrls', connection.managementUrls, (url, index) => {
    try {
      return managementBaseUrl(url);
    } catch (error) {
      throw connectionProblem('managementUrls', 'invalid_url', (error as Error).message, index);
    }
  });
  const amqpUrls = urlsOf('amqpUrls', connection.amqpUrls, amqpUrl);
  if (connection.username === '') throw connectionProblem('username', 'empty', 'A user name is needed for the cluster');
  // HTTP basic auth splits at the first ':': RabbitMQ would read another user.
  if (connection.username.includes(':')) throw connectionProblem('username', 'colon', 'A RabbitMQ user name used by the management API cannot contain ":"');
  if (connection.password === '') throw connectionProblem('password', 'empty', 'A password is needed for the cluster');
  const ca = connection.ca?.trim();
  if (ca !== undefined && ca !== '') {
    if (Buffer.byteLength(ca, 'utf8') > CLUSTER_LIMITS.maxCaBytes) throw connectionProblem('ca', 'too_long', `The CA is over ${CLUSTER_LIMITS.maxCaBytes} bytes`);
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw connectionProblem('ca', 'not_pem', 'The CA must be PEM: one or more "-----BEGIN CERTIFICATE-----" blocks');
  }
  return { managementUrls, amqpUrls, username: connection.username, password: connection.password, ...(ca ? { ca } : {}) };
}

function urlsOf(field: 'managementUrls' | 'amqpUrls', urls: readonly string[], check: (url: string, index: number) => string): string[] {
  if (urls.length === 0) throw connectionProblem(field, 'empty', `At least one ${field === 'amqpUrls' ? 'AMQP' : 'management'} URL is needed`);
  if (urls.length > CLUSTER_LIMITS.maxUrls) throw connectionProblem(field, 'too_many', `At most ${CLUSTER_LIMITS.maxUrls} URLs of each kind`);
  const checked = urls.map((url, index) => {
    if (url.length > CLUSTER_LIMITS.maxUrlLength) throw connectionProblem(field, 'too_long', `URL ${index + 1} is over ${CLUSTER_LIMITS.maxUrlLength} characters`, index);
    return check(url.trim(), index);
  });
  const twice = checked.findIndex((url, index) => checked.indexOf(url) !== index);
  if (twice >= 0) throw connectionProblem(field, 'duplicate', `${checked[twice]} is listed twice`, twice);
  return checked;
}

/** An AMQP URL of one node: amqp: or amqps:, a host, no credentials (given apart) and no vhost (chosen per request). */
function amqpUrl(raw: string, index: number): string {
  const shown = withoutCredentials(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw connectionProblem('amqpUrls', 'invalid_url', `"${shown}" is not a URL; an AMQP URL looks like amqp://rabbit-1:5672`, index);
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
    const hint = url.protocol.startsWith('http') ? ' (management URLs are configured apart)' : '';
    throw connectionProblem('amqpUrls', 'invalid_url', `The AMQP URL ${shown} must use amqp: or amqps:, not ${url.protocol}${hint}`, index);
  }
  if (!url.hostname) throw connectionProblem('amqpUrls', 'invalid_url', `The AMQP URL ${shown} has no host`, index);
  if (url.username || url.password) {
    throw connectionProblem('amqpUrls', 'credentials_in_url', `AMQP URL ${index + 1} must not carry credentials; give username and password apart`, index);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    throw connectionProblem('amqpUrls', 'invalid_url', `The AMQP URL ${shown} must name only a host and port: the vhost is chosen per request`, index);
  }
  return `${url.protocol}//${url.host}`;
}
