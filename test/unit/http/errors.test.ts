import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  asBadRequest,
  errorAnswer,
  errorResponse,
  isAnswerable,
  type ErrorCode,
} from '../../../lib/http/errors';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

describe('the error codes (lib/http/errors.ts)', () => {
  it.each([
    ['bad_request', 400],
    ['invalid_json', 400],
    ['validation_failed', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['payload_too_large', 413],
    ['rate_limited', 429],
    ['internal', 500],
  ] as const)('%s is answered %d with the shared error shape', (code: ErrorCode, status) => {
    const error = new ApiError(code, `about ${code}`);
    expect(error.status).toBe(status);
    expect(error.name).toBe('ApiError');
    expect(errorAnswer(error)).toEqual({
      status,
      body: { error: { code, message: `about ${code}` } },
      headers: { 'cache-control': 'no-store' },
    });
  });

  it('carries the issues and extra headers of an ApiError', () => {
    const issues = [{ path: 'events[0].service', message: 'required' }];
    const answer = errorAnswer(
      new ApiError('rate_limited', 'Slow down.', undefined, { 'retry-after': '7' }),
    );
    expect(answer.headers).toEqual({ 'cache-control': 'no-store', 'retry-after': '7' });
    expect(answer.body.error).not.toHaveProperty('issues');
    expect(errorAnswer(new ApiError('validation_failed', 'Bad.', issues)).body).toEqual({
      error: { code: 'validation_failed', message: 'Bad.', issues },
    });
  });
});

describe('isAnswerable: by shape, with the code and status both in the table', () => {
  const shaped = (code: unknown, status: unknown) =>
    Object.assign(new Error('shaped'), { code, status });

  it.each([
    ['an ApiError', new ApiError('not_found', 'x'), true],
    ['a domain error shaped like one', shaped('bad_request', 400), true],
    ['a code with the wrong status', shaped('bad_request', 500), false],
    ['a library error that merely has a code', shaped('ENOENT', 404), false],
    ['a known code without a status', shaped('not_found', undefined), false],
    ['a prototype name as the code', shaped('toString', 400), false],
    ['a plain object, not an Error', { code: 'not_found', status: 404 }, false],
    ['a string', 'not_found', false],
    ['null', null, false],
  ])('%s → %s', (_what, error, expected) => {
    expect(isAnswerable(error)).toBe(expected);
  });
});

describe('asBadRequest', () => {
  it('makes a domain error a 400 naming the path, and keeps its class', () => {
    const error = asBadRequest(new RangeError('since is after until'), 'since');
    expect(error).toBeInstanceOf(RangeError);
    expect(isAnswerable(error)).toBe(true);
    expect(errorAnswer(error)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'bad_request',
          message: 'since is after until',
          issues: [{ path: 'since', message: 'since is after until' }],
        },
      },
      headers: { 'cache-control': 'no-store' },
    });
  });

  it('can name the problem differently from the message', () => {
    const error = asBadRequest(new Error('cursor garbage'), 'cursor', 'not a cursor this API gave');
    expect(error.issues).toEqual([{ path: 'cursor', message: 'not a cursor this API gave' }]);
    expect(error.message).toBe('cursor garbage');
  });
});

describe('an unexpected error', () => {
  let logged: string;
  beforeEach(() => {
    logged = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['an Error quoting input', new TypeError(`cannot read token ${SECRET}`)],
    ['an Error with a code', Object.assign(new Error(SECRET), { code: 'not_found' })],
    ['a thrown string', SECRET],
    ['a thrown object', { token: SECRET }],
  ])('(%s) is a 500 that says nothing, and the log names its class only', (_what, error) => {
    const answer = errorAnswer(error);
    expect(answer).toEqual({
      status: 500,
      body: {
        error: { code: 'internal', message: 'Internal error. The server log has the details.' },
      },
      headers: { 'cache-control': 'no-store' },
    });
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    const line = JSON.parse(logged.trim());
    expect(line).toMatchObject({ level: 'error', event: 'unhandled' });
    expect(logged).not.toContain(SECRET);
  });

  it('logs the class name of an Error', () => {
    errorAnswer(new TypeError('x'));
    expect(JSON.parse(logged.trim()).error).toBe('TypeError');
  });
});

describe('errorResponse', () => {
  it('is the answer as a JSON Response', async () => {
    const response = errorResponse(new ApiError('forbidden', 'Viewers only.'));
    expect(response.status).toBe(403);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { code: 'forbidden', message: 'Viewers only.' },
    });
  });
});
