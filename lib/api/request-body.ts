/** @module Reading a JSON request body safely: JSON content only, a size cap, a depth cap, malformed JSON as a 400. */
import { ApiError } from './errors';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The body parsed as JSON; an empty body reads as `{}` so that all-optional bodies may be left out. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const text = await readText(request, limit);
  if (text.trim() === '') return {};
  const type = request.headers.get('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new ApiError('unsupported_media_type', 'The request body must be JSON (content-type: application/json)');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_request', `Malformed JSON body: ${(error as Error).message}`);
  }
  checkJsonDepth(body, MAX_JSON_DEPTH);
  return body;
}

/**
 * Arrays and objects a request body may nest. The deepest legitimate body is a definitions import (about six
 * levels) or a batch publish (four) around a header table, which the engine bounds at 64 levels: 128 leaves room
 * for both, and keeps every recursive reader after this one (zod, the serializer, the store worker's structured
 * clone) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 128;

/** Refuses a body nested deeper than `limit`, walked without recursion before anything else reads it. */
export function checkJsonDepth(value: unknown, limit: number): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) {
      throw new ApiError('bad_request', `The request body nests arrays and objects more than ${limit} levels deep`, { path: [], limit });
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

/**
 * Where a server that holds node's own request (the lean layer) lets the body be read: straight from node's stream,
 * without the Web stream a Request's `body` is built on (most of a publish's cost). Yields the body's bytes, or
 * rejects with the same errors as the Web path.
 */
const BODY_SOURCE = Symbol.for('switchboard.requestBodySource');
export type BodySource = (limit: number) => Promise<Buffer>;

export function attachBodySource(request: Request, source: BodySource): void {
  (request as unknown as Record<symbol, BodySource>)[BODY_SOURCE] = source;
}

async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  const source = (request as unknown as Record<symbol, BodySource | undefined>)[BODY_SOURCE];
  if (source) return (await source(limit)).toString('utf8');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const tooLarge = (limit: number) =>
  new ApiError('payload_too_large', `The request body is larger than ${limit} bytes`);
