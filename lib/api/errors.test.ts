import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EngineError, type EngineErrorCode } from '@/lib/engine';
import { ApiError, errorResponse, mapError, ValidationError } from './errors';

/** The same class as the engine's, but another copy: what a Next route bundle sees from server.ts's broker. */
class OtherGraphEngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

afterEach(() => vi.restoreAllMocks());

describe('mapError', () => {
  it.each<[EngineErrorCode, number]>([
    ['bad_request', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['precondition_failed', 409],
    ['resource_locked', 409],
    ['payload_too_large', 413],
    ['queue_full', 429],
    ['unavailable', 503],
  ])('maps engine code %s to %i, keeping the code', (code, status) => {
    const mapped = mapError(new EngineError(code, 'why', { extra: 1 }));
    expect(mapped).toEqual({ status, body: { error: { code, message: 'why', details: { extra: 1 } } } });
  });

  it('recognises engine errors from another module graph by their shape', () => {
    expect(mapError(new OtherGraphEngineError('not_found', "queue 'x' does not exist"))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: "queue 'x' does not exist" } },
    });
  });

  it('maps API errors, with unauthorized as 401', () => {
    expect(mapError(new ApiError('unauthorized', 'no')).status).toBe(401);
    expect(mapError(new ApiError('unsupported_media_type', 'json please')).status).toBe(415);
  });

  it('maps validation failures to 400 with the field issues as details', () => {
    const result = z.object({ max: z.number() }).safeParse({ max: 'x' });
    const mapped = mapError(new ValidationError('body', result.error!));
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.code).toBe('bad_request');
    expect(mapped.body.error.message).toMatch(/^body\.max: /);
    expect(mapped.body.error.details).toEqual([{ in: 'body', path: ['max'], code: 'invalid_type', message: expect.any(String) }]);
  });

  it('answers anything else as a logged, generic 500 without the stack', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const secret = new Error('database password is hunter2');
    const mapped = mapError(secret);
    expect(mapped).toEqual({ status: 500, body: { error: { code: 'internal_error', message: 'Internal server error' } } });
    expect(JSON.stringify(mapped)).not.toContain('hunter2');
    expect(log).toHaveBeenCalledWith(expect.any(String), secret);
    // An error that only looks like an engine error but has an unknown code is not trusted.
    expect(mapError(new OtherGraphEngineError('weird', 'x')).status).toBe(500);
  });
});

describe('errorResponse', () => {
  it('is JSON, not cached, and challenges for credentials on 401', async () => {
    const response = errorResponse(new ApiError('unauthorized', 'no'));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'no' } });
  });
});
