import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  jsonDepth,
  MAX_JSON_DEPTH,
  ONE_MIB,
  parseJsonText,
  readJson,
  readText,
} from '../../../lib/http/body';
import { ApiError } from '../../../lib/http/errors';

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/api/v1/failures', { method: 'POST', body, headers });

/** A body whose length is not declared, streamed in chunks; counts how many were pulled. */
function streamed(chunks: number, size: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled++;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request('http://127.0.0.1/x', {
    method: 'POST',
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled: () => pulled };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
};

describe('readJson (lib/http/body.ts) with real Request objects', () => {
  it('parses a JSON body under the limit', async () => {
    expect(await readJson(post('{"a":[1,2]}'), { limit: 100 })).toEqual({ a: [1, 2] });
  });

  it('accepts a body of exactly the limit, refuses one byte more (413)', async () => {
    const exact = JSON.stringify({ pad: 'x'.repeat(90) });
    expect(await readJson(post(exact), { limit: exact.length })).toEqual({ pad: 'x'.repeat(90) });
    const error = await failure(readJson(post(exact), { limit: exact.length - 1 }));
    expect(error.code).toBe('payload_too_large');
    expect(error.status).toBe(413);
    expect(error.message).toBe(`The request body is larger than ${exact.length - 1} bytes.`);
  });

  it('counts bytes, not characters', async () => {
    const text = JSON.stringify('é'.repeat(10)); // 22 bytes, 12 characters
    expect(await readJson(post(text), { limit: 22 })).toBe('é'.repeat(10));
    expect((await failure(readJson(post(text), { limit: 21 }))).code).toBe('payload_too_large');
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { request, pulled } = streamed(4, 1024);
    request.headers.set('content-length', String(ONE_MIB * 10));
    expect((await failure(readJson(request, { limit: ONE_MIB }))).code).toBe('payload_too_large');
    expect(pulled()).toBe(0);
  });

  it('stops reading an undeclared streamed body as soon as it passes the limit', async () => {
    const { request, pulled } = streamed(1000, 1024);
    expect((await failure(readJson(request, { limit: 4096 }))).code).toBe('payload_too_large');
    expect(pulled()).toBeLessThan(10);
  });

  it.each([
    ['', 'The request body is empty; expected JSON.'],
    ['  \n', 'The request body is empty; expected JSON.'],
    ['{"a":', 'The request body is not valid JSON.'],
    ["{'a':1}", 'The request body is not valid JSON.'],
  ])('answers %j with invalid_json: %s', async (body, message) => {
    const error = await failure(readJson(post(body), { limit: 100 }));
    expect(error).toMatchObject({ code: 'invalid_json', status: 400, message });
  });

  it('treats a request without a body as empty', async () => {
    const request = new Request('http://127.0.0.1/x', { method: 'POST' });
    expect((await failure(readJson(request, { limit: 100 }))).code).toBe('invalid_json');
  });

  it('refuses bytes that are not UTF-8', async () => {
    const error = await failure(readJson(post(new Uint8Array([0x22, 0xff, 0x22])), { limit: 100 }));
    expect(error).toMatchObject({
      code: 'invalid_json',
      message: 'The request body is not UTF-8 text.',
    });
  });

  it('does not echo the body in any message', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-token';
    for (const body of [`{"token":"${secret}"`, `${secret}`]) {
      const error = await failure(readJson(post(body), { limit: 1000 }));
      expect(error.message).not.toContain(secret);
    }
  });
});

describe('JSON depth', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it.each([
    [1, 0],
    ['x', 0],
    [null, 0],
    [{}, 1],
    [[], 1],
    [{ a: [1, { b: null }] }, 3],
    [[[[]], []], 3],
  ])('jsonDepth(%j) is %d', (value, depth) => {
    expect(jsonDepth(value, 100)).toBe(depth);
  });

  it('stops counting just past the cap', () => {
    expect(jsonDepth(JSON.parse(nested(500)), 10)).toBe(11);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}`, () => {
    expect(parseJsonText(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseJsonText(nested(MAX_JSON_DEPTH + 1))).toThrow(
      `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  });

  it('walks very deep input without overflowing the stack', () => {
    const deep = nested(100_000);
    expect(() => parseJsonText(deep)).toThrow(ApiError);
  });
});

describe('readText and decodeUtf8', () => {
  it('reads any body as text under the limit', async () => {
    expect(await readText(post('token=abc&next=%2F'), 100)).toBe('token=abc&next=%2F');
    expect((await failure(readText(post('x'.repeat(101)), 100))).code).toBe('payload_too_large');
  });

  it('joins chunks, including a character split across them', () => {
    const bytes = new TextEncoder().encode('añb');
    expect(decodeUtf8([bytes.slice(0, 2), bytes.slice(2)], bytes.length)).toBe('añb');
    expect(decodeUtf8([], 0)).toBe('');
  });
});
