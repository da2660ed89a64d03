import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { checkJsonDepth, MAX_JSON_DEPTH, readJsonBody } from './request-body';

const jsonRequest = (text: string) => new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

describe('JSON request bodies', () => {
  it(`accept nesting up to ${MAX_JSON_DEPTH} levels and refuse one more with a 400 naming the limit`, async () => {
    const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    await expect(readJsonBody(jsonRequest(nest(MAX_JSON_DEPTH)), 1 << 20)).resolves.toBeDefined();
    const refused = await readJsonBody(jsonRequest(nest(MAX_JSON_DEPTH + 1)), 1 << 20).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'bad_request', details: { limit: MAX_JSON_DEPTH } });
  });

  it('walk a million levels without recursing', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 1_000_000; i++) value = { v: value };
    expect(() => checkJsonDepth(value, 128)).toThrow(/more than 128 levels/);
    expect(() => checkJsonDepth({ a: [1, { b: [2] }], c: 'text' }, 4)).not.toThrow();
  });
});
