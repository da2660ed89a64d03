/**
 * @module The HTTP front door on Node's http server, before Next's request handler: odd requests answered with the
 * contract's JSON error, API requests through the admission gate (503 or 429 with Retry-After beyond its bounds, never
 * a dropped connection), waiting requests dropped when their client leaves, and socket timeouts that answer rather
 * than reset. Reusable by any later API server that is not Next: it only needs a `(request, response)` handler.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { oddRequestAnswer, originForm, writeJsonError } from '../api/malformed-url';
import { classifyRequest } from '../api/request-class';
import { AdmissionGate, type Departure, type Refusal } from './admission';
import type { FrontDoorConfig } from './admission-config';
import { watchLoopLag } from './admission-lag';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FrontDoor {
  gate: AdmissionGate;
  /** Stops the event loop watch (the server is closing). */
  stop(): void;
  /** The `request` listener: answers what it must, hands the rest to `handle` when admitted. */
  listener: RequestHandler;
  /** Timeouts, the CONNECT answer and answers to unparsable requests on `server`. */
  configure(server: Server): void;
}

export function createFrontDoor(config: FrontDoorConfig, handle: RequestHandler): FrontDoor {
  const lag = watchLoopLag();
  const gate = new AdmissionGate(config.admission, lag.now);
  let waiting = 0;

  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const client = request.socket.remoteAddress ?? 'unknown';
    const gone = watchDeparture(request, response);
    const admission = gate.enter(client, gone);
    const proceed = (result: Awaited<typeof admission>) => {
      if ('release' in result) {
        response.once('close', result.release);
        if (gone.aborted) return result.release();
        handle(request, response);
      } else if ('refusal' in result) {
        refuse(request, response, result.refusal);
      }
      // gone: the client left while waiting; nothing to answer and nothing was done
    };
    if (admission instanceof Promise) void admission.then(proceed);
    else proceed(admission);
  };

  const listener: RequestHandler = (request, response) => {
    request.url = originForm(request.url ?? '/');
    const odd = oddRequestAnswer(request.method ?? 'GET', request.url);
    if (odd) return writeJsonError(request, response, odd);
    const kind = classifyRequest(request.method ?? 'GET', request.url);
    if (kind.kind === 'method_not_allowed') {
      return writeJsonError(request, response, {
        status: 405,
        code: 'method_not_allowed',
        message: `${request.method} is not served at ${request.url.split('?', 1)[0]} (try ${kind.allow.join(', ')})`,
        headers: { allow: kind.allow.join(', ') },
      });
    }
    if (kind.kind === 'other' || kind.admission === 'free') return handle(request, response);
    if (kind.admission === 'waiting') {
      if (waiting >= config.maxWaiting) {
        return refuse(request, response, {
          code: 'unavailable',
          message: `Too many long-polls and event streams open at once (at most ${config.maxWaiting}); retry later`,
          retryAfterSeconds: config.admission.retryAfterSeconds,
        });
      }
      waiting++;
      response.once('close', () => waiting--);
      return handle(request, response);
    }
    // After the next turn's I/O: libuv stops reading a socket after a short read, so the EOF of a client that sent
    // its request and left at once is read one poll later; by then it is seen as gone before anything is done for it.
    setImmediate(() => setImmediate(serve, request, response));
  };

  return {
    gate,
    stop: lag.stop,
    listener,
    configure(server) {
      // headersTimeout ≤ requestTimeout is Node's rule; both answer 408 through clientError, not a reset.
      server.requestTimeout = config.requestTimeoutMs;
      server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
      server.keepAliveTimeout = config.keepAliveTimeoutMs;
      server.on('connect', answerConnect);
      server.on('clientError', answerClientError);
    },
  };
}

/**
 * Says when the client goes before its answer is complete: the connection closed (Next's own rule, `close` before
 * `finish`), or the client ended its side (EOF) — a client that gave up, as nginx's 499. Such a request is ended here,
 * so Next's `request.signal` aborts too and its handler does nothing.
 */
function watchDeparture(request: IncomingMessage, response: ServerResponse): ClientDeparture {
  const departure = new ClientDeparture();
  const { socket } = request;
  // Node's parser ends an unanswered request with an error when the client's EOF arrives (`abortIncoming`).
  const left = () => response.destroyed || socket.destroyed || socket.readableEnded || request.errored != null;
  if (left()) {
    departure.leave();
    response.destroy();
    return departure;
  }
  const onEnd = () => {
    if (response.writableFinished) return;
    departure.leave();
    response.destroy();
  };
  const onRequestClose = () => {
    if (request.errored != null) onEnd();
  };
  socket.once('end', onEnd);
  request.once('close', onRequestClose);
  response.once('close', () => {
    socket.removeListener('end', onEnd);
    request.removeListener('close', onRequestClose);
    if (!response.writableFinished) departure.leave();
  });
  return departure;
}

/**
 * An AbortSignal's face for the gate, whose controller is made only when someone listens (a request that waits for a
 * slot): most requests are admitted at once, and an AbortController per request was a measurable part of a publish.
 */
class ClientDeparture implements Departure {
  private controller: AbortController | undefined;
  private left = false;

  get aborted(): boolean {
    return this.left;
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    this.controller?.abort();
  }

  addEventListener(type: 'abort', listener: () => void, options?: AddEventListenerOptions): void {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.left) this.controller.abort();
    }
    this.controller.signal.addEventListener(type, listener, options);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    this.controller?.signal.removeEventListener(type, listener);
  }
}

function refuse(request: IncomingMessage, response: ServerResponse, refusal: Refusal): void {
  writeJsonError(request, response, {
    status: refusal.code === 'too_many_requests' ? 429 : 503,
    code: refusal.code,
    message: refusal.message,
    headers: { 'retry-after': String(refusal.retryAfterSeconds) },
  });
}

function rawAnswer(status: string, code: string, message: string, extra = ''): string {
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
}

/** CONNECT would otherwise hold the socket with no answer: Switchboard is no proxy. */
function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => undefined);
  socket.end(rawAnswer('405 Method Not Allowed', 'method_not_allowed', 'CONNECT is not served: this is not a proxy', 'Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n'));
}

/** Node's own answers to requests it cannot parse, with the contract's JSON body; ended, not destroyed. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  socket.on('error', () => undefined);
  // An answer in progress on this socket (or the peer is gone): nothing more can be said on it, as Node's own rule.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || error.code === 'ECONNRESET' || current?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'bad_request', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'bad_request', 'The request took too long to arrive']
        : ['400 Bad Request', 'bad_request', 'The request is not valid HTTP/1.1'];
  socket.end(rawAnswer(status, code, message));
}
