import { ApiError } from './errors';

export const ONE_MIB = 1024 * 1024;

/**
 * Reads a JSON body of at most `limit` bytes. Streams, so a huge body is cut off at the limit
 * instead of being buffered whole; the declared Content-Length is checked first.
 */
export async function readJson(request: Request, options: { limit: number }): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > options.limit) throw tooLarge(options.limit);
  const text = await readText(request, options.limit);
  if (text.trim() === '') throw new ApiError('invalid_json', 'The request body is empty; expected JSON.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
}

async function readText(request: Request, limit: number): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
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

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `The request body is larger than ${limit} bytes.`);
}
