/**
 * @module A fetch that trusts one private CA: management URLs served over https: with a certificate of the
 * operator's own CA. Node 20's global fetch takes no CA without the undici package (not a dependency), so this is
 * the subset of fetch the management client uses, built on node:http and node:https: method, headers, body,
 * `signal`, and a real `Response`. It never follows a redirect, and rejects on network and TLS failures the way
 * undici does, `TypeError('fetch failed', { cause })` with the socket's error (and its `code`) as the cause, so
 * `describeNetworkFailure` reads both alike.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The answer is buffered: a management API answer this large is a mistake, not a list to hold in memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Idle pooled sockets are closed before the server's own idle timeout (Cowboy's, under RabbitMQ, is 60 s or more),
 * so a request rarely lands on a socket the server is closing at that moment.
 */
const IDLE_SOCKET_MS = 30_000;

/** Statuses whose Response must have a null body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export type TrustingFetch = typeof fetch & {
  /** Closes the pooled connections; later calls open new ones. */
  close(): void;
};

/**
 * A fetch whose https: requests trust exactly the CA (or CAs) in `ca`, PEM, in place of the system's, as Node's own
 * `ca` option does; http: requests go as usual. One keep-alive agent per call of fetchTrusting, so the client
 * built on it reuses its connections.
 */
export function fetchTrusting(ca: string): TrustingFetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS, ca }),
  };

  const trustingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // A Request checks and normalizes as fetch would: method, headers, a body of any kind, a URL with credentials.
    const request = new Request(input, init);
    // The caller's own signal: the Request's copy follows it only as long as the Request lives.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    signal?.throwIfAborted();
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw failed(new Error(`fetch of ${url.protocol} URLs is not supported`));
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    signal?.throwIfAborted();
    const headers: OutgoingHttpHeaders = Object.fromEntries(request.headers);
    // A length rather than chunked encoding, which some proxies in front of RabbitMQ refuse.
    if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
    return send({ url, method: request.method, headers, body, signal, agent: agents[url.protocol], redirect: request.redirect });
  };

  return Object.assign(trustingFetch, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

interface Outgoing {
  url: URL;
  method: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
  agent: HttpAgent;
  redirect: RequestRedirect;
}

function send({ url, method, headers, body, signal, agent, redirect }: Outgoing): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, agent });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    // Destroying the request destroys its socket: it goes back to no pool, half-read or half-written.
    const fail = (error: unknown) =>
      settle(() => {
        request.destroy();
        reject(error);
      });
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    // Listeners stay on after settling: a destroyed request or response may still emit an error, never uncaught.
    request.on('error', (error) => fail(failed(error)));
    request.on('response', (response: IncomingMessage) => {
      response.on('error', (error) => fail(failed(error)));
      response.on('close', () => {
        if (!response.complete) fail(failed(Object.assign(new Error('the server closed the connection before the end of the body'), { code: 'ECONNRESET' })));
      });
      const tooLarge = () => new Error(`the response to ${method} ${url.origin}${url.pathname} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
      if (Number(response.headers['content-length']) > MAX_BODY_BYTES) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) fail(tooLarge());
        else chunks.push(chunk);
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (redirect === 'error' && status >= 300 && status < 400) return fail(failed(new Error(`unexpected redirect (${status})`)));
        // redirect 'follow' is not honoured either: following one would turn a POST into a GET, and report nothing.
        try {
          const answer = toResponse(response, Buffer.concat(chunks), method, url);
          settle(() => resolve(answer));
        } catch (error) {
          // A status outside 200-599 or a malformed header, which Response refuses.
          fail(failed(error));
        }
      });
    });
    request.end(body);
  });
}

function toResponse(response: IncomingMessage, body: Buffer, method: string, url: URL): Response {
  const status = response.statusCode ?? 0;
  // rawHeaders keeps each line: Headers joins repeated ones with ", " and keeps set-cookie apart (getSetCookie).
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) headers.append(response.rawHeaders[i], response.rawHeaders[i + 1]);
  const nullBody = method === 'HEAD' || NULL_BODY_STATUSES.has(status);
  // No content decoding: nothing here asks for gzip, and a caller that does gets the bytes as sent.
  // Buffer.concat allocates an ArrayBuffer, never a SharedArrayBuffer, which is all BodyInit's type rules out.
  const answer = new Response(nullBody ? null : (body as Uint8Array<ArrayBuffer>), { status, statusText: response.statusMessage ?? '', headers });
  // As fetch's Response tells where it came from (without the fragment, never sent).
  Object.defineProperty(answer, 'url', { value: url.href.replace(/#.*$/, '') });
  return answer;
}

/** How undici's fetch rejects on a network failure: the socket's (or TLS's) error, with its code, as the cause. */
function failed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
