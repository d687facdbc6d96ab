import { describeError, logEvent } from '../log';

export type ErrorCode =
  | 'bad_request' | 'invalid_json' | 'validation_failed' | 'unauthorized' | 'forbidden' | 'not_found'
  | 'payload_too_large' | 'rate_limited' | 'internal';

export interface ErrorIssue {
  path: string;
  message: string;
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** An answer the client caused; becomes `{ error: { code, message, issues? } }` (SPEC, HTTP API). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** The one place an error becomes a response; anything unexpected is a 500 that says nothing. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
    return Response.json(body, { status: error.status, headers: { 'cache-control': 'no-store', ...error.headers } });
  }
  // Log the class and stack only: a message may quote input, and input may hold a token.
  logEvent('error', 'unhandled', describeError(error));
  return Response.json(
    { error: { code: 'internal', message: 'Internal error. The server log has the details.' } },
    { status: 500, headers: { 'cache-control': 'no-store' } },
  );
}
