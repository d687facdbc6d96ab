import { ApiError } from './errors';

export const ONE_MIB = 1024 * 1024;

/** Deeper JSON is no payload a service produces; recursive walks (redaction, zod) stop here. */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads a JSON body of at most `limit` bytes. Streams, so a huge body is cut off at the limit
 * instead of being buffered whole; the declared Content-Length is checked first.
 */
export async function readJson(request: Request, options: { limit: number }): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > options.limit) throw tooLarge(options.limit);
  return parseJsonText(await readBodyText(webBody(request), options.limit));
}

/** Bytes read under a limit → the parsed JSON value, or the 400 that says what is wrong. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '')
    throw new ApiError('invalid_json', 'The request body is empty; expected JSON.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ApiError(
      'invalid_json',
      `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  }
  return value;
}

/** The nesting depth of a parsed JSON value, counted without recursion and up to `cap` + 1. */
export function jsonDepth(value: unknown, cap: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > cap) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The body as UTF-8 text, cut off (413) as soon as it passes `limit` bytes. */
export function readText(request: Request, limit: number): Promise<string> {
  return readBodyText(webBody(request), limit);
}

// Node's web streams are async iterable; the DOM typings do not say so.
function webBody(request: Request): AsyncIterable<Uint8Array> | null {
  return request.body as unknown as AsyncIterable<Uint8Array> | null;
}

async function readBodyText(
  body: AsyncIterable<Uint8Array> | null,
  limit: number,
): Promise<string> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (break or throw) cancels a web stream and destroys a node stream.
  for await (const value of body) {
    size += value.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(value);
  }
  return decodeUtf8(chunks, size);
}

/** Chunks read under a limit as UTF-8 text; anything else is a 400. */
export function decodeUtf8(chunks: readonly Uint8Array[], size: number): string {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not UTF-8 text.');
  }
}

export function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `The request body is larger than ${limit} bytes.`);
}
