import type { IncomingMessage } from 'node:http';
import { decodeUtf8, parseJsonText, tooLarge } from '../http/body';

/**
 * A node:http request body as JSON, under the same limit and errors as `readJson`. Past the
 * limit the rest is drained, not the socket destroyed, so the 413 reaches the client and the
 * keep-alive connection survives.
 */
export function readNodeJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > limit) {
        over = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (over) return;
      try {
        resolve(parseJsonText(decodeUtf8(chunks, size)));
      } catch (error) {
        reject(error);
      }
    });
    request.once('error', reject);
  });
}
