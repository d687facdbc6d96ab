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

export interface ErrorAnswer {
  status: number;
  body: { error: { code: ErrorCode; message: string; issues?: ErrorIssue[] } };
  headers: Record<string, string>;
}

/**
 * The one place an error becomes an answer; anything unexpected is a 500 that says nothing.
 * By name, not `instanceof`: the error may come from another bundle of this module.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof Error && error.name === 'ApiError') {
    const known = error as ApiError;
    const body = { error: { code: known.code, message: known.message, ...(known.issues ? { issues: known.issues } : {}) } };
    return { status: known.status, body, headers: { 'cache-control': 'no-store', ...known.headers } };
  }
  // Log the class and stack only: a message may quote input, and input may hold a token.
  logEvent('error', 'unhandled', describeError(error));
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error. The server log has the details.' } }, headers: { 'cache-control': 'no-store' } };
}

/** `errorAnswer` as a web Response (route handlers and the proxy). */
export function errorResponse(error: unknown): Response {
  const answer = errorAnswer(error);
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}
