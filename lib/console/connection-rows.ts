/** @module An AMQP connection as the Connections table shows it: who the client is, what it holds, how long it has been open. */
import type { Connection } from '@/lib/client/types';

export interface ClientIdentity {
  /** `connection_name` when the client set one, else the peer address. */
  name: string;
  product: string;
  version: string;
  platform: string;
}

/** A client property flattened to one line: nested tables become dotted keys, every value is plain text. */
export interface PropertyLine {
  key: string;
  value: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : String(value));

export function clientIdentity(connection: Pick<Connection, 'peer' | 'clientProperties'>): ClientIdentity {
  const props = connection.clientProperties;
  const name = text(props.connection_name).trim();
  return {
    name: name || connection.peer,
    product: text(props.product),
    version: text(props.version),
    platform: text(props.platform),
  };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every client property as `key → text`, sorted, tables flattened (capabilities.publisher_confirms → true). */
export function clientPropertyLines(properties: Record<string, unknown>, prefix = ''): PropertyLine[] {
  const lines: PropertyLine[] = [];
  for (const key of Object.keys(properties).sort()) {
    const value = properties[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTable(value) && Object.keys(value).length > 0) lines.push(...clientPropertyLines(value, path));
    else lines.push({ key: path, value: typeof value === 'string' ? value : JSON.stringify(value) ?? 'void' });
  }
  return lines;
}

/** Newest first, like RabbitMQ's list; ties by id so rows don't jump between refreshes. */
export function sortConnections<T extends Pick<Connection, 'id' | 'connectedAt'>>(connections: readonly T[]): T[] {
  return [...connections].sort((a, b) => b.connectedAt - a.connectedAt || a.id.localeCompare(b.id));
}

/** How long a connection has been open, never negative when clocks disagree a little. */
export function connectedFor(connectedAt: number, now: number): number {
  return Math.max(0, now - connectedAt);
}

/**
 * The URL an AMQP client connects with as `user` to `vhost`; the password stays a placeholder (the console never
 * holds it). Vhost `/` is the URI's default (no path); another is the percent-encoded path, as the AMQP URI spec says.
 */
export function amqpConnectUrl(hostname: string, port: number, user = 'admin', vhost = '/'): string {
  const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  const path = vhost === '/' ? '' : `/${encodeURIComponent(vhost)}`;
  return `amqp://${encodeURIComponent(user)}:<password>@${host}:${port}${path}`;
}
