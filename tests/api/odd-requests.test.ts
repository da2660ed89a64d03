/** Odd requests over raw sockets: every one gets an HTTP answer with the contract's JSON error, none a 500 or a hang. */
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { api, declareQueue, enc, unique } from './http';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the socket after answering. */
  closed: boolean;
}

/** Sends `text` on a fresh socket and reads one answer (Content-Length framed); resolves when it is complete. */
function raw(text: string, waitForClose = false): Promise<RawAnswer> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let answer: RawAnswer | undefined;
    const finish = (closed: boolean) => {
      if (!answer) return;
      if (waitForClose && !closed) return;
      socket.destroy();
      resolve({ ...answer, closed });
    };
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < end + 4 + length) return;
      answer = { status: Number(statusLine.split(' ')[1]), headers, body: data.subarray(end + 4, end + 4 + length).toString('utf8'), closed: false };
      finish(false);
    });
    socket.on('close', () => (answer ? finish(true) : reject(new Error(`closed without an answer to ${JSON.stringify(text.slice(0, 40))}`))));
    socket.write(text);
  });
}

const host = () => new URL(inject('baseUrl')).host;
const jsonError = (answer: RawAnswer) => {
  expect(answer.headers['content-type']).toContain('application/json');
  const body = JSON.parse(answer.body);
  expect(body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  return body.error.code as string;
};

describe('odd requests', () => {
  it('TRACE on any path answers 405 with Allow, not 500', async () => {
    for (const path of ['/', '/api/v1/queues', '/api/v1/health', '/login', '/api/nothing']) {
      const answer = await raw(`TRACE ${path} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      expect(answer.status, path).toBe(405);
      expect(answer.headers.allow).toContain('GET');
      expect(jsonError(answer)).toBe('method_not_allowed');
    }
  });

  it('GET * answers 400', async () => {
    const answer = await raw(`GET * HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toBe('bad_request');
  });

  it('CONNECT gets an answer and a closed socket instead of a hang', async () => {
    const answer = await raw(`CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`, true);
    expect(answer.status).toBe(405);
    expect(jsonError(answer)).toBe('method_not_allowed');
    expect(answer.closed).toBe(true);
  });

  it('an unknown method answers 405 with a JSON body, and the connection stays usable', async () => {
    const answer = await raw(`PROPFIND /api/v1/queues HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 5\r\n\r\nhello`);
    expect(answer.status).toBe(405);
    expect(jsonError(answer)).toBe('method_not_allowed');
    expect(answer.closed).toBe(false);
  });

  it('a method the path does not serve answers 405 with the methods it does, as JSON', async () => {
    const queue = unique('odd');
    await declareQueue(queue);
    for (const [method, path] of [
      ['PATCH', `/queues/${enc(queue)}`],
      ['POST', `/queues/${enc(queue)}`],
      ['PUT', '/queues'],
      ['DELETE', `/vhosts/%2F/queues/${enc(queue)}/messages`],
    ]) {
      const answer = await api(method, path, { body: {} });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toMatch(/GET|POST|PUT|DELETE/);
      expect(answer.body.error.code).toBe('method_not_allowed');
    }
  });

  it('an absolute-form target is served as its path', async () => {
    const answer = await raw(`GET http://${host()}/api/v1/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    expect(answer.status).toBe(200);
  });

  it('a request Node cannot parse answers 400 with a JSON body', async () => {
    const answer = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: nope\r\n\r\n`, true);
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toBe('bad_request');
  });
});
