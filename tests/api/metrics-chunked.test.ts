/**
 * The Prometheus scrapes read over raw HTTP from the lean layer: `/metrics/per-object`, with enough queues to fill
 * several chunks, arrives in chunks of the exposition's bounded size (lib/api/prometheus/stream.ts) and whole; the
 * aggregated `/metrics` is small whatever the number of queues and arrives chunked in one piece.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHUNK_CHARS } from '../../lib/api/prometheus/stream';
import { parseExposition, sampleValue } from '../support/prometheus-grammar';
import { api, declareQueue, enc, send, unique } from './http';

/** Queues enough for several chunks: each one's samples of every family take over 1,000 characters. */
const QUEUES = 200;
const prefix = unique('chunked');
const names = Array.from({ length: QUEUES }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
/** Every tenth queue holds a message, the rest none: each queue's own figures are checked, not only that it is named. */
const holdsOne = (i: number) => i % 10 === 0;

beforeAll(async () => {
  for (let i = 0; i < QUEUES; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => declareQueue(name)));
  for (let i = 0; i < QUEUES; i++) if (holdsOne(i)) await send(names[i]!, `m${i}`);
}, 120_000);

afterAll(async () => {
  for (let i = 0; i < QUEUES; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => api('DELETE', `/queues/${enc(name)}`)));
}, 120_000);

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  /** The body's HTTP chunks as sent, each decoded on its own (a chunk is one encoded string of the exposition). */
  chunks: string[];
}

/** GET over a socket of its own, read to its end, the chunked framing taken apart by hand. */
function rawGet(path: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on('data', (data) => received.push(data));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(parseAnswer(Buffer.concat(received)));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${inject('token')}\r\nConnection: close\r\n\r\n`);
  });
}

function parseAnswer(data: Buffer): RawAnswer {
  const end = data.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const chunks: string[] = [];
  if (headers.get('transfer-encoding') === 'chunked') {
    let at = end + 4;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (!(size >= 0)) throw new Error(`not a chunk size at byte ${at}`);
      if (size === 0) break;
      chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8'));
      at = lineEnd + 2 + size + 2;
    }
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, chunks };
}

/**
 * What a chunk may hold beyond CHUNK_CHARS: the buffer is handed on once a write leaves it at CHUNK_CHARS or more,
 * and the writes between two checks are at most one family's HELP and TYPE lines and one queue's (or exchange's)
 * lines of a family. The longest of each, measured in the text itself.
 */
function overshootOf(text: string): number {
  let longestHeader = 0;
  let longestWrite = 0;
  let family = '';
  let run = { key: '', length: 0 };
  let header = 0;
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE (\S+)/.exec(line);
    if (line.startsWith('#')) {
      header += line.length + 1;
      if (type) {
        family = type[1]!;
        longestHeader = Math.max(longestHeader, header);
        header = 0;
      }
      continue;
    }
    const object = /[{,](?:queue|exchange)="((?:[^"\\]|\\.)*)"/.exec(line)?.[0] ?? '';
    const key = `${family}|${object}`;
    run = run.key === key ? { key, length: run.length + line.length + 1 } : { key, length: line.length + 1 };
    longestWrite = Math.max(longestWrite, run.length);
  }
  return longestHeader + longestWrite;
}

describe('the Prometheus scrapes over raw HTTP', () => {
  it('streams /metrics/per-object in several bounded chunks that make up the whole exposition', { timeout: 60_000 }, async () => {
    const answer = await rawGet('/metrics/per-object');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(answer.headers.has('content-length')).toBe(false);
    // Next's route handlers add `vary: rsc, …`: the lean layer answered.
    expect(answer.headers.has('vary')).toBe(false);

    const text = answer.chunks.join('');
    expect(text.length).toBeGreaterThan(QUEUES * 1000);
    expect(answer.chunks.length).toBeGreaterThan(2);
    const bound = CHUNK_CHARS + overshootOf(text);
    for (const [i, chunk] of answer.chunks.entries()) expect(chunk.length, `chunk ${i}`).toBeLessThan(bound);
    // Handed on only once full, but for the rest of the per-queue families and the global ones at the end.
    for (const [i, chunk] of answer.chunks.slice(0, -2).entries()) expect(chunk.length, `chunk ${i}`).toBeGreaterThanOrEqual(CHUNK_CHARS);

    const families = parseExposition(text);
    for (const [i, queue] of names.entries()) {
      expect(sampleValue(families, 'switchboard_queue_messages_ready', { vhost: '/', queue }), queue).toBe(holdsOne(i) ? 1 : 0);
      expect(sampleValue(families, 'switchboard_queue_messages_published_total', { vhost: '/', queue }), queue).toBe(holdsOne(i) ? 1 : 0);
    }
  });

  it('streams /metrics chunked: one small chunk, summed over every queue', async () => {
    const answer = await rawGet('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(answer.headers.has('vary')).toBe(false);
    expect(answer.chunks).toHaveLength(1);
    expect(answer.chunks[0]!.length).toBeLessThan(CHUNK_CHARS);

    const families = parseExposition(answer.chunks[0]!);
    expect(sampleValue(families, 'switchboard_global_queues', { vhost: '/' })).toBeGreaterThanOrEqual(QUEUES);
    expect(sampleValue(families, 'switchboard_queue_messages_ready', { vhost: '/' })).toBeGreaterThanOrEqual(QUEUES / 10);
    expect([...families.values()].some((family) => family.samples.some((sample) => 'queue' in sample.labels))).toBe(false);
  });
});
