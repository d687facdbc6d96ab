import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, credentialOf } from '../fixtures/security/rawHttp';
import {
  databaseText,
  replayableToken,
  searchable,
  TEXT_ENCODINGS,
  tokenNeedles,
  tracesIn,
} from '../fixtures/security/tokenEncodings';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const INGEST = credentialOf('ingest-fingerprints');

// A sibling of the failure-payload finding: a service that prints its resolution chain may print
// the token it holds too. A report is refused or stored without it; it never reaches the disk.
describe('a token inside a fingerprint report', () => {
  let server: RunningServer;
  const token = replayableToken();
  const encoded = replayableToken();
  const statuses: number[] = [];

  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST });
    const reports = [
      {
        environment: 'staging',
        service: 'svc-a',
        instance: 'a-1',
        fingerprint: 'sha256/16:e275dfc423d43d3e',
        source: `env:JWT_SECRET ${token}`,
      },
      {
        environment: 'staging',
        service: 'svc-b',
        instance: 'b-1',
        fingerprint: 'sha256/16:e275dfc423d43d3e',
        source: 'env:JWT_SECRET',
        resolution: [{ source: `env:ACCESS_TOKEN=${token}`, present: true }],
      },
      {
        environment: 'staging',
        service: 'svc-c',
        instance: 'c-1',
        fingerprint: 'sha256/16:e275dfc423d43d3e',
        source: 'env:JWT_SECRET',
        debug: { last_token: TEXT_ENCODINGS['dots as %2E'](encoded) },
      },
    ];
    for (const report of reports) {
      const response = await postJson(`${server.url}/api/v1/fingerprints`, report, bearer(INGEST));
      statuses.push(response.status);
    }
  });
  afterAll(() => server?.stop());

  it('is refused with a 4xx or accepted, never a server error', () => {
    for (const status of statuses)
      expect(status === 202 || (status >= 400 && status < 500), String(status)).toBe(true);
  });

  it('appears in no fleet view, no history and not in the database', async () => {
    const needles = [...tokenNeedles(token), ...tokenNeedles(encoded)];
    for (const route of [
      '/api/v1/fleet',
      '/api/v1/environments/staging',
      '/api/v1/environments/staging/history',
      '/api/v1/environments/staging/consistency',
      '/environments/staging',
      '/',
    ]) {
      const text = await (await fetch(`${server.url}${route}`)).text();
      expect(tracesIn(searchable(text), needles).slice(0, 3), route).toEqual([]);
    }
    expect(
      tracesIn(databaseText(server.dataDir), needles).slice(0, 3),
      'the database file',
    ).toEqual([]);
  });
});
