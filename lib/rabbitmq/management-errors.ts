/**
 * @module The errors of the RabbitMQ management client, and the helpers that read a failed attempt: what a network
 * failure was, what RabbitMQ's JSON error body said, how a URL is shown without credentials.
 */

export type ManagementErrorCode =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_management_api'
  | 'bad_response'
  | 'rejected';

export interface ManagementErrorInit {
  status?: number;
  /** The management URL (base, without the request's path) that answered or failed. */
  url?: string;
  details?: Record<string, unknown>;
}

export class ManagementError extends Error {
  override readonly name = 'ManagementError';
  readonly code: ManagementErrorCode;
  readonly status?: number;
  readonly url?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ManagementErrorCode, message: string, init: ManagementErrorInit = {}) {
    super(message);
    this.code = code;
    this.status = init.status;
    this.url = init.url;
    this.details = init.details;
  }
}

/** RabbitMQ's error body, `{"error":"...","reason":"..."}`; health checks answer `{"status":"failed","reason":"..."}`. */
export interface RabbitErrorBody {
  error?: string;
  status?: string;
  reason?: string;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function readRabbitError(body: unknown): RabbitErrorBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { error, status, reason } = body as Record<string, unknown>;
  if (typeof error !== 'string' && status !== 'failed') return undefined;
  return {
    error: typeof error === 'string' ? error : undefined,
    status: typeof status === 'string' ? status : undefined,
    // RabbitMQ formats most reasons as strings, but a few are Erlang terms rendered as JSON.
    reason: reason === undefined || reason === null ? undefined : typeof reason === 'string' ? reason : JSON.stringify(reason),
  };
}

/**
 * Network failures after which the request cannot have reached RabbitMQ, so even a POST (not idempotent: publish,
 * get) may be sent to the next URL. A timeout or a reset may come after RabbitMQ acted on the request.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

const UNTRUSTED = 'its TLS certificate is not signed by a trusted CA';

/**
 * TLS certificate failures, in words an operator acts on (OpenSSL's own messages, "unable to verify the first
 * certificate", do not say what to fix). The handshake failed, so no request was sent: each one is never-sent.
 */
const TLS_CERTIFICATE_FAILURES = new Map<string, string>(Object.entries({
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  CERT_SIGNATURE_FAILURE: UNTRUSTED,
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed, not signed by a trusted CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chains to a CA that is not trusted',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  CERT_NOT_YET_VALID: 'its TLS certificate is not valid yet',
  CERT_REVOKED: 'its TLS certificate is revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is not for this host',
}));

export interface NetworkFailure {
  /** Short, for the operator: "ECONNREFUSED", "other side closed (UND_ERR_SOCKET)". */
  reason: string;
  neverSent: boolean;
}

/** What fetch's rejection was: Node puts the socket's error in `cause`, sometimes as an AggregateError (happy eyeballs). */
export function describeNetworkFailure(error: unknown): NetworkFailure {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  const first = cause instanceof AggregateError && cause.errors.length > 0 ? cause.errors[0] : cause;
  const code = errorCode(cause) ?? errorCode(first);
  const message = first instanceof Error ? first.message : String(first);
  if (code === undefined) return { reason: message || 'failed', neverSent: false };
  const tls = TLS_CERTIFICATE_FAILURES.get(code);
  if (tls !== undefined) {
    // Node's altname message says which name was asked and which the certificate lists: worth keeping.
    const names = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? message.replace(/^Hostname\/IP does not match certificate's altnames: /, '') : '';
    return { reason: `${tls}${names ? ` (${names})` : ''} (${code})`, neverSent: true };
  }
  // System errors (ECONNREFUSED...) say it all in their code; undici's own codes are clearer with their message.
  const reason = /^E[A-Z]+$/.test(code) ? code : message.includes(code) ? message : `${message} (${code})`;
  return { reason, neverSent: NEVER_SENT_CODES.has(code) };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A URL as it may appear in a message: without user:password@. */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}
