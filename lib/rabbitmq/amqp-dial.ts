/**
 * @module Opens an AMQP connection to one node of an attached RabbitMQ cluster with amqplib (the client RabbitMQ's
 * own tutorials use), bounded in time and cancellable, and says why it failed as a code rather than a sentence.
 */
import amqplib, { type ChannelModel } from 'amqplib';

export interface AmqpDialOptions {
  username: string;
  password: string;
  /** Default '/'. */
  vhost?: string;
  /** PEM trusted for amqps: (instead of the system's CAs). */
  ca?: string;
  /** Bounds the TCP/TLS connect and the AMQP handshake; default 5000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Shown in RabbitMQ's connection list. */
  connectionName?: string;
}

export type AmqpDialFailure = 'unauthorized' | 'vhost_refused' | 'unreachable' | 'tls' | 'timeout';

export class AmqpDialError extends Error {
  constructor(
    readonly code: AmqpDialFailure,
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'AmqpDialError';
  }
}

const DEFAULT_TIMEOUT_MS = 5000;

/** Connects to `url` (amqp:// or amqps://host:port, no credentials in it). */
export async function dialAmqp(url: string, options: AmqpDialOptions): Promise<ChannelModel> {
  options.signal?.throwIfAborted();
  const parsed = new URL(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const protocol = parsed.protocol === 'amqps:' ? 'amqps' : 'amqp';
  const opening = amqplib.connect(
    {
      protocol,
      hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port ? Number(parsed.port) : protocol === 'amqps' ? 5671 : 5672,
      username: options.username,
      password: options.password,
      vhost: options.vhost ?? '/',
      heartbeat: 30,
    },
    {
      timeout: timeoutMs,
      ...(options.ca ? { ca: [options.ca] } : {}),
      clientProperties: { connection_name: options.connectionName ?? 'Switchboard' },
    },
  );
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // amqplib's own timeout covers the socket going quiet; this one the whole handshake, and the caller's signal.
  const stop = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(new AmqpDialError('timeout', `${url} did not finish the AMQP handshake within ${timeoutMs} ms`, url)), timeoutMs);
    onAbort = () => reject(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([opening, stop]);
  } catch (error) {
    // A connection that opens after we gave up is closed, not leaked.
    opening.then((late) => late.close().catch(() => undefined), () => undefined);
    if (options.signal?.aborted) throw options.signal.reason;
    throw error instanceof AmqpDialError ? error : classify(url, error, options.vhost ?? '/');
  } finally {
    clearTimeout(deadline);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH)/;

/**
 * amqplib reports a refused handshake only as text ("Handshake terminated by server: 403 (ACCESS-REFUSED) ...", or a
 * connection.close where open-ok was expected); this is the one place that reads it, and it reads only the reply code
 * and the handshake step, which the AMQP specification fixes.
 */
function classify(url: string, error: unknown, vhost: string): AmqpDialError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  if (/\b403\b/.test(message) && /ACCESS.REFUSED/i.test(message)) {
    return new AmqpDialError('unauthorized', `${url} refused the user name or password (AMQP 403 ACCESS_REFUSED)`, url);
  }
  // RabbitMQ answers connection.open for a vhost that is missing or not the user's with connection.close 530, which
  // amqplib words as "Expected ConnectionOpenOk; got <ConnectionClose ...>" without the code.
  if (/\b530\b/.test(message) || /Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return new AmqpDialError('vhost_refused', `${url} does not let this user open vhost '${vhost}' (AMQP 530 NOT_ALLOWED)`, url);
  }
  if (typeof code === 'string' && TLS_CODES.test(code)) return new AmqpDialError('tls', `${url}: its TLS certificate is not trusted (${code})`, url);
  if (message === 'connect ETIMEDOUT') return new AmqpDialError('timeout', `${url} did not answer within the time allowed`, url);
  const reason = typeof code === 'string' ? code : message;
  return new AmqpDialError('unreachable', `${url} cannot be reached (${reason})`, url);
}
