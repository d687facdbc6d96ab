import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

const INGEST_KEY = 'ingest-key-fuzz-61f0c2d9-5e2b7a4c8d0f3e19';
const REQUESTS = 3_000;
const CONCURRENCY = 8;

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const ingestHeaders = { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' };
// Failures that can never be valid: a wrongly typed field is always present.
const invalidFailure = fc.record(
  {
    error_code: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())),
    details: fc.oneof(fc.jsonValue(), fc.record({ environment: fc.string() })),
  },
  { requiredKeys: ['error_code'] },
);

const attempt: fc.Arbitrary<Attempt> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({
    method: 'POST',
    path: '/api/v1/failures',
    headers: ingestHeaders,
    body: new Uint8Array(bytes),
  })),
  fc
    .string({ maxLength: 512 })
    .map((body) => ({ method: 'POST', path: '/api/v1/failures', headers: ingestHeaders, body })),
  invalidFailure.map((event) => ({
    method: 'POST',
    path: '/api/v1/failures',
    headers: ingestHeaders,
    body: JSON.stringify(event),
  })),
  fc.array(invalidFailure, { minLength: 1, maxLength: 5 }).map((events) => ({
    method: 'POST',
    path: '/api/v1/failures',
    headers: ingestHeaders,
    body: JSON.stringify({ events }),
  })),
  fc.jsonValue().map((value) => ({
    method: 'POST',
    path: '/api/v1/failures',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })),
  fc.jsonValue().map((value) => ({
    method: 'POST',
    path: '/api/v1/inspect',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })),
  fc.string({ maxLength: 300 }).map((token) => ({
    method: 'POST',
    path: '/api/v1/inspect',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })),
  fc
    .dictionary(
      fc.constantFrom('environment', 'since', 'until', 'cursor', 'limit', 'q', 'bucket', 'by', 'x'),
      fc.string({ maxLength: 40 }),
    )
    .chain((query) =>
      fc.constantFrom('/api/v1/failures', '/api/v1/failures/stats').map((path) => ({
        method: 'GET',
        path: `${path}?${new URLSearchParams(query)}`,
        headers: {},
      })),
    ),
  fc.string({ maxLength: 40 }).map((id) => ({
    method: 'GET',
    path: `/api/v1/failures/${encodeURIComponent(id) || 'x'}`,
    headers: {},
  })),
  fc.string({ maxLength: 200 }).map((body) => ({
    method: 'POST',
    path: '/api/session',
    headers: { 'content-type': 'application/json' },
    body,
  })),
);

describe('fuzz: malformed requests over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      AUTHSCOPE_INGEST_KEYS: INGEST_KEY,
      AUTHSCOPE_RATE_SIGN_IN: '100000/s',
    });
  });
  afterAll(() => server?.stop());

  it(`answers ${REQUESTS} malformed requests with 4xx (or 200 for a read), never a 5xx, and writes nothing`, async () => {
    const attempts = fc.sample(attempt, { numRuns: REQUESTS, seed: 20261122 });
    const serverErrors: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < attempts.length) {
        const { method, path, headers, body } = attempts[next++];
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers,
          body,
          redirect: 'manual',
        });
        await response.arrayBuffer();
        if (response.status >= 500)
          serverErrors.push(`${response.status} ${method} ${path.slice(0, 80)}`);
        if (method === 'POST' && path === '/api/v1/failures')
          expect(response.status, path).toBeGreaterThanOrEqual(400);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(serverErrors).toEqual([]);
    const stored = await (await fetch(`${server.url}/api/v1/failures`)).json();
    expect(stored.items).toEqual([]);
    expect(server.logs()).not.toContain('"event":"unhandled"');
  });
});
