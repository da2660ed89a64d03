/** @module Reading a JSON request body safely: JSON content only, a size cap, malformed JSON as a 400. */
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_request', `Malformed JSON body: ${(error as Error).message}`);
  }
}

async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
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

const tooLarge = (limit: number) =>
  new ApiError('payload_too_large', `The request body is larger than ${limit} bytes`);
