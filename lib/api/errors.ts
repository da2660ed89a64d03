/**
 * @module The one place that turns failures into HTTP answers: engine error codes, validation issues,
 * API-layer errors. Anything else is logged and answered as a generic 500, never with its stack.
 */
import { z } from 'zod';
import type { EngineError, EngineErrorCode } from '@/lib/engine';
import type { ErrorBody, ErrorCode, Issue } from './schemas/common';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  precondition_failed: 409,
  resource_locked: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  queue_full: 429,
  too_many_requests: 429,
  internal_error: 500,
  unavailable: 503,
  not_supported: 409,
};

/** Every engine code is an API code: the compiler checks the mapping stays total. */
const engineCodes: Record<EngineErrorCode, ErrorCode> = {
  bad_request: 'bad_request',
  unauthorized: 'unauthorized',
  too_many_requests: 'too_many_requests',
  not_found: 'not_found',
  forbidden: 'forbidden',
  precondition_failed: 'precondition_failed',
  resource_locked: 'resource_locked',
  payload_too_large: 'payload_too_large',
  queue_full: 'queue_full',
  unavailable: 'unavailable',
  not_supported: 'not_supported',
};

/** An error raised by the API layer itself (authentication, body parsing, validation). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type IssueLocation = Issue['in'];

/** A validation failure of one part of the request, kept apart from zod's own errors so we know where it was. */
export class ValidationError extends ApiError {
  constructor(location: IssueLocation, error: z.ZodError) {
    super('bad_request', describeIssues(location, error.issues), toIssues(location, error.issues));
  }
}

export function toIssues(location: IssueLocation, issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.map((issue) => ({
    in: location,
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    code: issue.code,
    message: issue.message,
  }));
}

function describeIssues(location: IssueLocation, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return `Invalid ${location}`;
  const where = [location, ...first.path.map(String)].join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}

/**
 * Recognised by shape, not `instanceof`: Next bundles route handlers into their own module graph, so the
 * EngineError class the broker (loaded by server.ts) throws is not the one a handler could import.
 */
export function isEngineError(error: unknown): error is EngineError {
  if (!(error instanceof Error) || error.name !== 'EngineError') return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(engineCodes, code);
}

/** By shape too: an AuthService made by the boot code throws the ApiError of the other module graph. */
function isApiError(error: unknown): error is ApiError {
  if (!(error instanceof Error) || error.name !== 'ApiError') return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(statusByCode, code);
}

export function statusOf(code: ErrorCode): number {
  return statusByCode[code];
}

export interface MappedError {
  status: number;
  body: ErrorBody;
}

/** Whether mapError answers it with its own code (anything else is an unexpected error: a 500, logged). */
export function isKnownError(error: unknown): boolean {
  return isApiError(error) || isEngineError(error) || error instanceof z.ZodError;
}

/** Maps any thrown value to a status and the contract's error body. */
export function mapError(error: unknown): MappedError {
  if (isApiError(error)) return shape(error.code, error.message, error.details);
  if (isEngineError(error)) return shape(engineCodes[error.code], error.message, error.details);
  if (error instanceof z.ZodError) return shape('bad_request', describeIssues('body', error.issues), toIssues('body', error.issues));
  console.error('[switchboard] unexpected error in the HTTP API:', error);
  return shape('internal_error', 'Internal server error');
}

function shape(code: ErrorCode, message: string, details?: unknown): MappedError {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return { status: statusByCode[code], body };
}

export function errorResponse(error: unknown): Response {
  return mappedResponse(mapError(error));
}

/** The answer of an error already mapped (by a caller that also reads its code and message). */
export function mappedResponse({ status, body }: MappedError): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="switchboard"';
  const retryAfterMs = (body.error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if ((status === 429 || status === 503) && typeof retryAfterMs === 'number') headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
  return Response.json(body, { status, headers });
}
