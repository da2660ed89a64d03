/** @module The error every client call throws for a non-2xx answer: status, code and message from the API's error body. */

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'precondition_failed',
  413: 'payload_too_large',
  429: 'queue_full',
  503: 'unavailable',
};

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  /** The API's snake_case error code (`not_found`, `precondition_failed`, ...). */
  readonly code: string;
  /** For `bad_request`, the field issues as the API reports them. */
  readonly details?: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
  }

  /** Reads `{"error": {code, message, details?}}`; any other body still yields a usable error. */
  static fromResponse(status: number, body: unknown, statusText = ''): ApiError {
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const code = typeof error?.code === 'string' ? error.code : (codeByStatus[status] ?? 'http_error');
    const message =
      typeof error?.message === 'string' && error.message.length > 0
        ? error.message
        : `The server answered ${status}${statusText ? ` ${statusText}` : ''}`;
    return new ApiError({ status, code, message, details: error?.details });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
