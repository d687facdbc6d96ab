import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, credentialOf, rawRequest } from '../fixtures/security/rawHttp';
import { startServer, type RunningServer } from '../helpers/server';

// Exactly 32 characters: the shortest a viewer token or an ingest key may be.
const VIEWER = credentialOf('viewer-throttle', 32);
const INGEST = credentialOf('ingest-throttle', 32);
const SERVER_SCRIPT = fileURLToPath(new URL('../../scripts/server.mjs', import.meta.url));

interface AuditEntry {
  action: string;
  actor: string | null;
  peer: string | null;
  detail: string | null;
}

describe('guessing credentials is limited per peer and audited', () => {
  let server: RunningServer;
  /** A request from `peer`: every 127.0.0.0/8 address is a distinct client of a server on 127.0.0.1. */
  const from = (
    peer: string,
    route: string,
    headers: Record<string, string> = {},
    method = 'GET',
    body?: string,
  ) => rawRequest({ port: server.port, path: route, method, headers, body, localAddress: peer });
  const wrong = (label: string) => credentialOf(`wrong-${label}`);

  beforeAll(async () => {
    expect(VIEWER).toHaveLength(32);
    server = await startServer({
      AUTHSCOPE_VIEWER_TOKENS: VIEWER,
      AUTHSCOPE_INGEST_KEYS: INGEST,
      AUTHSCOPE_RATE_AUTH_FAILURES: '5/m,5',
      AUTHSCOPE_RATE_SIGN_IN: '3/m,3',
    });
  });
  afterAll(() => server?.stop());

  it('answers the 6th wrong viewer token from a peer with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await from('127.0.0.2', '/api/v1/keys', bearer(wrong('viewer')));
      statuses.push(response.status);
      retryAfter = response.headers['retry-after'];
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('answers the 6th wrong ingest key from a peer with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await from(
        '127.0.0.3',
        '/api/v1/failures',
        { ...bearer(wrong('ingest')), 'content-type': 'application/json' },
        'POST',
        '{"error_code":"X"}',
      );
      statuses.push(response.status);
      retryAfter = response.headers['retry-after'];
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('does not lock out another peer, nor the right credential from it', async () => {
    for (let attempt = 0; attempt < 6; attempt++)
      await from('127.0.0.4', '/api/v1/keys', bearer(wrong('lockout')));
    expect((await from('127.0.0.4', '/api/v1/keys', bearer(wrong('lockout')))).status).toBe(429);
    expect((await from('127.0.0.5', '/api/v1/keys', bearer(wrong('other-peer')))).status).toBe(401);
    expect((await from('127.0.0.5', '/api/v1/keys', bearer(VIEWER))).status).toBe(200);
    expect((await from('127.0.0.1', '/api/v1/keys', bearer(VIEWER))).status).toBe(200);
    const ingest = await from(
      '127.0.0.6',
      '/api/v1/failures',
      { ...bearer(INGEST), 'content-type': 'application/json' },
      'POST',
      '{"error_code":"X","details":{"environment":"staging"}}',
    );
    expect(ingest.status).toBe(202);
  });

  it('records rejected credentials in the audit log, by peer and never by value', async () => {
    const guess = wrong('audited');
    await from('127.0.0.7', '/api/v1/keys', bearer(guess));
    const response = await from('127.0.0.1', '/api/v1/audit', bearer(VIEWER));
    expect(response.status).toBe(200);
    const entries: AuditEntry[] = JSON.parse(response.text).items;
    const rejected = entries.filter((entry) => entry.action === 'credential_rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.some((entry) => entry.peer?.includes('127.0.0.7'))).toBe(true);
    expect(response.text).not.toContain(guess);
    expect(response.text).not.toContain(VIEWER);
  });

  it('counts failed sign-ins per peer, and successful ones not at all', async () => {
    const signIn = (peer: string, token: string) =>
      from(
        peer,
        '/api/session',
        { 'content-type': 'application/json' },
        'POST',
        JSON.stringify({ token }),
      );
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await signIn('127.0.0.8', VIEWER)).status, `sign-in ${attempt + 1}`).toBe(200);
    const failures: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      failures.push((await signIn('127.0.0.8', wrong('sign-in'))).status);
    expect(failures).toEqual([401, 401, 401, 429]);
    const limited = await signIn('127.0.0.8', wrong('sign-in'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn('127.0.0.9', VIEWER)).status).toBe(200);
  });
});

describe('credentials too short to resist guessing', () => {
  const run = (env: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-short-'));
    return spawnSync(process.execPath, [SERVER_SCRIPT], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        AUTHSCOPE_DATA_DIR: path.join(dir, 'data'),
        ...env,
      },
      encoding: 'utf8',
      timeout: 25_000,
    });
  };
  const configWith = (config: unknown) => {
    const file = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'authscope-short-config-')),
      'authscope.json',
    );
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const SHORT = credentialOf('short', 31);

  it('refuses to start with a viewer token of 31 characters, naming the viewer and not the token', () => {
    const result = run({
      AUTHSCOPE_CONFIG: configWith({ viewers: [{ name: 'carol', from: 'env:VIEWER_CAROL' }] }),
      VIEWER_CAROL: SHORT,
    });
    expect(result.signal, 'the server started and had to be killed').toBeNull();
    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain('carol');
    expect(output).not.toContain(SHORT);
  }, 40_000);

  it('refuses to start with an ingest key of 31 characters, naming the key and not its value', () => {
    const result = run({
      AUTHSCOPE_CONFIG: configWith({
        ingestKeys: [{ name: 'ci-runner', from: 'env:INGEST_CI', environments: ['staging'] }],
      }),
      INGEST_CI: SHORT,
    });
    expect(result.signal, 'the server started and had to be killed').toBeNull();
    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain('ci-runner');
    expect(output).not.toContain(SHORT);
  }, 40_000);

  it('refuses to start with a short token in AUTHSCOPE_VIEWER_TOKENS or AUTHSCOPE_INGEST_KEYS, without printing it', () => {
    for (const variable of ['AUTHSCOPE_VIEWER_TOKENS', 'AUTHSCOPE_INGEST_KEYS']) {
      const result = run({ [variable]: `${credentialOf('long-enough', 40)},${SHORT}` });
      expect(result.signal, `${variable}: the server started and had to be killed`).toBeNull();
      expect(result.status, variable).not.toBe(0);
      expect(result.stdout + result.stderr, variable).not.toContain(SHORT);
    }
  }, 70_000);
});
