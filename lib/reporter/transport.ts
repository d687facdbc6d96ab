import { parseRetryAfter } from './backoff';

/** What one POST came to: accepted, worth retrying (429, 5xx, network), or refused for good. */
export type PostOutcome =
  | { kind: 'accepted' }
  | { kind: 'retry'; retryAfterMs: number | null; reason: string }
  | { kind: 'refused'; status: number };

export interface PostTarget {
  url: string;
  ingestKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
}

/**
 * One POST, never throwing. Only 429 and 5xx carry a Retry-After worth honouring (RFC 9110 allows
 * it on 503 too); another 4xx would fail again, so it is not retried. The reason names a status
 * or the error's kind, never the key or the body.
 */
export async function postJson(
  target: PostTarget,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<PostOutcome> {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  try {
    const response = await target.fetch(new URL(path, target.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${target.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { kind: 'accepted' };
    if (response.status === 429 || response.status >= 500) {
      return {
        kind: 'retry',
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), target.now()),
        reason: `answered ${response.status}`,
      };
    }
    return { kind: 'refused', status: response.status };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    const reason =
      name === 'TimeoutError'
        ? `no answer within ${target.timeoutMs} ms`
        : name === 'AbortError'
          ? 'aborted'
          : 'unreachable';
    return { kind: 'retry', retryAfterMs: null, reason };
  }
}
