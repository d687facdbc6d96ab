import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reporter } from '../../../lib/reporter';
import type { ReporterOptions } from '../../../lib/reporter';

// The scheduling, on a fake clock: the HTTP client is a script of answers, recorded with the
// time each request was made. test/api/reporter-recovery.test.ts runs the same against a server.
type Answer = number | { status: number; retryAfter?: string } | 'network' | 'hang';
interface Sent {
  at: number;
  path: string;
  body: Record<string, unknown>;
}

function scripted(answers: Answer[]) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    sent.push({
      at: Date.now(),
      path: new URL(String(input)).pathname,
      body: JSON.parse(String(init?.body)),
    });
    const answer = answers.shift() ?? 202;
    if (answer === 'network') throw new TypeError('fetch failed');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    }
    const { status, retryAfter } =
      typeof answer === 'number' ? { status: answer, retryAfter: undefined } : answer;
    return new Response(null, { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const RESOLVED = {
  secret: 's'.repeat(32),
  source: 'env:JWT_SECRET',
  resolution: [{ source: 'env:JWT_SECRET', present: true }],
};
const failure = (n: number) => ({ payload: { n } });
const numbers = (sent: Sent[]) =>
  sent
    .filter((post) => post.path === '/api/v1/failures')
    .flatMap((post) =>
      (post.body.events as Array<{ payload: { n: number } }>).map((event) => event.payload.n),
    );

function reporter(fetchImpl: typeof fetch, options: Partial<ReporterOptions> = {}) {
  return new Reporter({
    url: 'http://127.0.0.1:9',
    ingestKey: 'k'.repeat(32),
    environment: 'staging',
    service: 'svc',
    instance: 'i-1',
    batchSize: 10,
    flushMs: 100,
    random: () => 0.5,
    now: () => Date.now(),
    fetch: fetchImpl,
    backoff: { baseMs: 200, capMs: 30_000 },
    ...options,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-03T07:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reporter delivery schedule', () => {
  it('waits out Retry-After on a 429, then backs off with full jitter on 5xx and network errors', async () => {
    const { sent, fetchImpl } = scripted([{ status: 429, retryAfter: '2' }, 503, 'network', 202]);
    const r = reporter(fetchImpl);
    const start = Date.now();
    r.reportFailure(failure(1));
    await vi.advanceTimersByTimeAsync(60_000);
    const gaps = sent.slice(1).map((post, index) => post.at - sent[index].at);
    // 2 s asked + half of the 200 ms ceiling; then half of 400 ms; then half of 800 ms.
    expect(gaps).toEqual([2_100, 200, 400]);
    expect(sent[0].at - start).toBe(100);
    expect(numbers(sent)).toEqual([1, 1, 1, 1]);
    expect(
      new Set(sent.map((post) => (post.body.events as Array<{ event_id: string }>)[0].event_id))
        .size,
    ).toBe(1);
    expect(r.status()).toEqual({ queued: 0, undelivered: 0, failuresInARow: 0 });
  });

  it('caps the backoff however long the dashboard is away', async () => {
    const { sent, fetchImpl } = scripted(Array.from({ length: 12 }, () => 503));
    const r = reporter(fetchImpl, { random: () => 0.999 });
    r.reportFailure(failure(1));
    await vi.advanceTimersByTimeAsync(300_000);
    const gaps = sent.slice(1).map((post, index) => post.at - sent[index].at);
    expect(Math.max(...gaps)).toBeLessThan(30_000);
    expect(gaps.at(-1)).toBeGreaterThan(29_000);
    expect(sent.length).toBeGreaterThan(12);
  });

  it('returns at once from reportFailure even when the dashboard never answers', async () => {
    const { sent, fetchImpl } = scripted(Array.from({ length: 50 }, () => 'hang' as const));
    const r = reporter(fetchImpl, { requestTimeoutMs: 60_000, maxQueue: 25 });
    const results = Array.from({ length: 40 }, (_, n) => r.reportFailure(failure(n)));
    expect(results.every((result) => result === undefined)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(1);
    expect(r.status()).toMatchObject({ queued: 25, undelivered: 15 });
    const closing = r.close(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await closing).toEqual({ drained: false, undelivered: 40 });
  });

  it('drops the oldest failures while the dashboard refuses, and reports the count with the next fingerprint report', async () => {
    const { sent, fetchImpl } = scripted([{ status: 429, retryAfter: '5' }]);
    const r = reporter(fetchImpl, { maxQueue: 20 });
    for (let n = 0; n < 10; n++) r.reportFailure(failure(n));
    await vi.advanceTimersByTimeAsync(0);
    for (let n = 10; n < 45; n++) r.reportFailure(failure(n));
    const accepted = r.reportFingerprint(RESOLVED);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await accepted).toBe(true);
    const fingerprint = sent.find((post) => post.path === '/api/v1/fingerprints')!;
    expect(fingerprint.body.undelivered_failures).toBe(25);
    expect(numbers(sent).slice(10)).toEqual(Array.from({ length: 20 }, (_, n) => 25 + n));
    expect(r.status().undelivered).toBe(0);

    await r.reportFingerprint(RESOLVED);
    expect(
      sent.filter((post) => post.path === '/api/v1/fingerprints').at(-1)!.body,
    ).not.toHaveProperty('undelivered_failures');
  });

  it('keeps the count when the fingerprint report carrying it is not accepted', async () => {
    const { sent, fetchImpl } = scripted([400, 503, 503]);
    const r = reporter(fetchImpl, { fingerprintAttempts: 2 });
    r.reportFailure(failure(1));
    await vi.advanceTimersByTimeAsync(200);
    expect(r.status().undelivered).toBe(1);
    const first = r.reportFingerprint(RESOLVED);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await first).toBe(false);
    expect(r.status().undelivered).toBe(1);
    const second = r.reportFingerprint(RESOLVED);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await second).toBe(true);
    const carried = sent
      .filter((post) => post.path === '/api/v1/fingerprints')
      .map((post) => post.body.undelivered_failures);
    expect(carried).toEqual([1, 1, 1]);
    expect(r.status().undelivered).toBe(0);
  });

  it('does not retry a 4xx other than 429, and says so', async () => {
    const { sent, fetchImpl } = scripted([403]);
    const errors: string[] = [];
    const r = reporter(fetchImpl, { onError: (message) => errors.push(message) });
    r.reportFailure(failure(1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    expect(errors).toEqual(['/api/v1/failures answered 403: 1 failure(s) not delivered']);
    expect(errors.join(' ')).not.toContain('k'.repeat(32));
  });

  it('sends a newer fingerprint report in place of one still waiting for its retry', async () => {
    const { sent, fetchImpl } = scripted([{ status: 429, retryAfter: '1' }]);
    const r = reporter(fetchImpl);
    const older = r.reportFingerprint({ ...RESOLVED, version: '1' });
    await vi.advanceTimersByTimeAsync(10);
    const newer = r.reportFingerprint({ ...RESOLVED, version: '2' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await older).toBe(true);
    expect(await newer).toBe(true);
    expect(sent.map((post) => post.body.version)).toEqual(['1', '2']);
  });

  it('flushes on shutdown, and counts what it had to abandon', async () => {
    const { sent, fetchImpl } = scripted([202, 503, 503, 503, 503, 503, 503, 503]);
    const r = reporter(fetchImpl, { batchSize: 5 });
    for (let n = 0; n < 8; n++) r.reportFailure(failure(n));
    const closing = r.close(3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await closing).toEqual({ drained: false, undelivered: 3 });
    expect(numbers(sent).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    r.reportFailure(failure(99));
    expect(r.status()).toMatchObject({ queued: 0, undelivered: 4 });
  });

  it('refuses settings that would break it, at construction', () => {
    const { fetchImpl } = scripted([]);
    expect(() => reporter(fetchImpl, { maxQueue: 0 })).toThrow(/maxQueue/);
    expect(() => reporter(fetchImpl, { batchSize: 2.5 })).toThrow(/batchSize/);
  });
});
