import { describeError, logEvent } from '../log';

export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal';

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

/** An answer the client caused; becomes `{ error: { code, message, issues? } }` (README, HTTP API). */
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

/** What makes an error an answer: a known code with its status (see `isAnswerable`). */
export interface AnswerableError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues?: ErrorIssue[];
  readonly headers?: Record<string, string>;
}

/**
 * An ApiError, or a domain error shaped like one (lib/store's cursor and range errors). By shape,
 * not `instanceof`: the error may come from another bundle of this module. Both the code and its
 * status must match the table, so a library error that merely has a `code` stays a 500.
 */
export function isAnswerable(error: unknown): error is AnswerableError {
  if (!(error instanceof Error)) return false;
  const { code, status } = error as Partial<AnswerableError>;
  return typeof code === 'string' && Object.hasOwn(STATUS, code) && STATUS[code] === status;
}

/**
 * Marks a domain error as the client's fault: a 400 naming `path`, answered by `errorAnswer` like
 * an ApiError, while the error keeps its own class for its callers (a RangeError stays one).
 */
export function asBadRequest<E extends Error>(
  error: E,
  path: string,
  problem = error.message,
): E & AnswerableError {
  return Object.assign(error, {
    code: 'bad_request' as const,
    status: STATUS.bad_request,
    issues: [{ path, message: problem }],
  });
}

/** The one place an error becomes an answer; anything unexpected is a 500 that says nothing. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (isAnswerable(error)) {
    const known = error;
    const body = {
      error: {
        code: known.code,
        message: known.message,
        ...(known.issues ? { issues: known.issues } : {}),
      },
    };
    return {
      status: known.status,
      body,
      headers: { 'cache-control': 'no-store', ...known.headers },
    };
  }
  // Log the class and stack only: a message may quote input, and input may hold a token.
  logEvent('error', 'unhandled', describeError(error));
  return {
    status: 500,
    body: {
      error: { code: 'internal', message: 'Internal error. The server log has the details.' },
    },
    headers: { 'cache-control': 'no-store' },
  };
}

/** `errorAnswer` as a web Response (route handlers and the proxy). */
export function errorResponse(error: unknown): Response {
  const answer = errorAnswer(error);
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}
