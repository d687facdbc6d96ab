import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const VIEWER_TOKEN = 'viewer-token-alice-4f1c9e2ab7d3-0b5e8a1c7f2d';
const INGEST_STAGING = 'ingest-staging-8e2d71c0a9f4-6a3b9e0d4c71';
const SESSION_SECRET = 'session-secret-for-tests-0c7d6e5f4a3b2c1d';
const fixture = { error_code: 'VALIDATION_FAILED', details: { environment: 'staging' } };

function writeConfig(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-access-'));
  const file = path.join(dir, 'authscope.json');
  writeFileSync(
    file,
    JSON.stringify({
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
      ingestKeys: [
        { name: 'staging-services', from: 'env:INGEST_STAGING', environments: ['staging'] },
      ],
    }),
  );
  return file;
}

const session = (
  subject: string,
  secret: string,
  expiresAt: number,
  claims: Record<string, unknown> = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer('authscope')
    .setAudience('authscope-session')
    .setIssuedAt(expiresAt - 3600)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));

describe('access rules, from outside the server', () => {
  let server: RunningServer;
  const get = (route: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, { headers, redirect: 'manual' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = (value: string) => ({ cookie: `authscope_session=${value}` });

  beforeAll(async () => {
    server = await startServer({
      AUTHSCOPE_CONFIG: writeConfig(),
      VIEWER_ALICE: VIEWER_TOKEN,
      INGEST_STAGING,
      AUTHSCOPE_SESSION_SECRET: SESSION_SECRET,
      AUTHSCOPE_TRUST_PROXY_HEADER: 'x-forwarded-email',
      AUTHSCOPE_TRUSTED_PROXIES: '10.9.9.9',
    });
  });
  afterAll(() => server?.stop());

  it('lets anyone reach health and the sign-in page, and nothing else', async () => {
    expect((await get('/api/health')).status).toBe(200);
    expect((await get('/sign-in')).status).toBe(200);
    expect((await get('/api/v1/keys')).status).toBe(401);
    expect((await get('/api/v1/failures')).status).toBe(401);
    const page = await get('/failures');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/sign-in?next=%2Ffailures');
  });

  it('answers 404 for an API route that does not exist, whoever asks', async () => {
    expect((await get('/api/v1/nothing-here')).status).toBe(404);
    expect((await get('/api/v1/nothing-here', bearer(VIEWER_TOKEN))).status).toBe(404);
  });

  it('lets a viewer token read but not ingest', async () => {
    expect((await get('/api/v1/keys', bearer(VIEWER_TOKEN))).status).toBe(200);
    expect((await get('/failures', bearer(VIEWER_TOKEN))).status).toBe(200);
    const ingest = await postJson(`${server.url}/api/v1/failures`, fixture, bearer(VIEWER_TOKEN));
    expect(ingest.status).toBe(403);
  });

  it('lets an ingest key write its environment only, and read nothing', async () => {
    expect(
      (await postJson(`${server.url}/api/v1/failures`, fixture, bearer(INGEST_STAGING))).status,
    ).toBe(202);
    const production = await postJson(
      `${server.url}/api/v1/failures`,
      { ...fixture, details: { environment: 'production' } },
      bearer(INGEST_STAGING),
    );
    expect(production.status).toBe(403);
    expect((await production.json()).error.message).toContain('production');
    expect((await get('/api/v1/failures', bearer(INGEST_STAGING))).status).toBe(403);
    expect(
      (await postJson(`${server.url}/api/v1/inspect`, { token: 'a.b.c' }, bearer(INGEST_STAGING)))
        .status,
    ).toBe(403);
  });

  it('refuses a wrong ingest key and a missing one', async () => {
    expect(
      (await postJson(`${server.url}/api/v1/failures`, fixture, bearer('not-a-key'))).status,
    ).toBe(401);
    expect((await postJson(`${server.url}/api/v1/failures`, fixture)).status).toBe(401);
  });

  it('exchanges a viewer token for a session cookie that works, and signs out', async () => {
    const signIn = await postJson(`${server.url}/api/session`, { token: VIEWER_TOKEN });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/authscope_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=43200/);
    const value = /authscope_session=([^;]+)/.exec(setCookie)![1];
    expect((await get('/api/v1/keys', cookie(value))).status).toBe(200);

    const signOut = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: cookie(value),
    });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.get('set-cookie')).toMatch(
      /authscope_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i,
    );
  });

  it('signs in through the form and returns to the page asked for, never to another site', async () => {
    const form = (next: string) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: VIEWER_TOKEN, next }),
        redirect: 'manual',
      });
    const good = await form('/failures?environment=staging');
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/failures?environment=staging');
    const evil = await form('//evil.example.com/x');
    expect(evil.headers.get('location')).toBe('/');
  });

  it('refuses a wrong viewer token and records the failed sign-in without the token', async () => {
    const attempt = await postJson(`${server.url}/api/session`, { token: 'wrong-token-123456' });
    expect(attempt.status).toBe(401);
    const audit = await (await get('/api/v1/audit', bearer(VIEWER_TOKEN))).json();
    const actions = audit.items.map((entry: { action: string }) => entry.action);
    expect(actions).toContain('sign_in_failed');
    expect(actions).toContain('sign_in');
    expect(JSON.stringify(audit)).not.toContain('wrong-token-123456');
    expect(JSON.stringify(audit)).not.toContain(VIEWER_TOKEN);
  });

  it('refuses an expired session, a tampered cookie and a session signed with another secret', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signedIn = /authscope_session=([^;]+)/.exec(
      (await postJson(`${server.url}/api/session`, { token: VIEWER_TOKEN })).headers.get(
        'set-cookie',
      ) ?? '',
    )![1];
    const { jti, gen } = JSON.parse(
      Buffer.from(signedIn.split('.')[1], 'base64url').toString(),
    ) as { jti: string; gen: string };
    const valid = await session('alice', SESSION_SECRET, now + 3600, { jti, gen });
    expect((await get('/api/v1/keys', cookie(valid))).status).toBe(200);

    const expired = await session('alice', SESSION_SECRET, now - 60, { jti, gen });
    expect((await get('/api/v1/keys', cookie(expired))).status).toBe(401);

    const [header, payload, signature] = valid.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sub: 'mallory',
      }),
    ).toString('base64url');
    expect(
      (await get('/api/v1/keys', cookie(`${header}.${forgedPayload}.${signature}`))).status,
    ).toBe(401);

    const foreign = await session('alice', 'another-secret-entirely-0123456789abcdef', now + 3600, {
      jti,
      gen,
    });
    expect((await get('/api/v1/keys', cookie(foreign))).status).toBe(401);
  });

  it('refuses a cookie signed with the session secret for a session the store never opened', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signedIn = /authscope_session=([^;]+)/.exec(
      (await postJson(`${server.url}/api/session`, { token: VIEWER_TOKEN })).headers.get(
        'set-cookie',
      ) ?? '',
    )![1];
    const { gen } = JSON.parse(Buffer.from(signedIn.split('.')[1], 'base64url').toString()) as {
      gen: string;
    };
    const unknown = await session('alice', SESSION_SECRET, now + 3600, {
      jti: '00000000-0000-4000-8000-000000000000',
      gen,
    });
    expect((await get('/api/v1/keys', cookie(unknown))).status).toBe(401);
  });

  it('ignores the trusted-proxy header from an address that is not a trusted proxy', async () => {
    expect((await get('/api/v1/keys', { 'x-forwarded-email': 'alice@example.com' })).status).toBe(
      401,
    );
    // The peer address is the socket's; a client cannot claim to be the proxy.
    expect(
      (
        await get('/api/v1/keys', {
          'x-forwarded-email': 'alice@example.com',
          'x-authscope-peer': '10.9.9.9',
        })
      ).status,
    ).toBe(401);
  });

  it('shows no open-access banner when viewers are configured', async () => {
    const html = await (await get('/inspect', bearer(VIEWER_TOKEN))).text();
    expect(html).not.toContain('open-access-banner');
  });

  it('logs one line per request with the principal name and never a credential', async () => {
    await get('/api/v1/keys', bearer(VIEWER_TOKEN));
    const lines = server
      .logs()
      .split('\n')
      .filter((line) => line.includes('"event":"request"'));
    expect(lines.some((line) => line.includes('"principal":"viewer:alice"'))).toBe(true);
    expect(lines.some((line) => line.includes('"principal":"ingest:staging-services"'))).toBe(true);
    for (const secret of [VIEWER_TOKEN, INGEST_STAGING, SESSION_SECRET])
      expect(server.logs()).not.toContain(secret);
  });
});

describe('trusted-proxy mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      AUTHSCOPE_TRUST_PROXY_HEADER: 'x-forwarded-email',
      AUTHSCOPE_TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(() => server?.stop());

  it('takes the user from the header when the request comes from a trusted proxy', async () => {
    const response = await fetch(`${server.url}/api/v1/keys`, {
      headers: { 'x-forwarded-email': 'bob@example.com' },
    });
    expect(response.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/keys`)).status).toBe(401);
  });
});

describe('open access', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_RATE_INSPECT: '1/m,2' });
  });
  afterAll(() => server?.stop());

  it('shows the "open access, local only" banner on every page', async () => {
    for (const page of ['/inspect', '/failures', '/keys', '/sign-in']) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      expect(html, page).toContain('Open access, local only.');
    }
  });

  it('rate-limits the inspector with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await postJson(`${server.url}/api/v1/inspect`, { token: 'a.b.c' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('the bind rule', () => {
  it('refuses to listen beyond loopback with open access, and says why', () => {
    const result = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../scripts/server.mjs', import.meta.url))],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          HOST: '0.0.0.0',
          PORT: '0',
          AUTHSCOPE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'authscope-bind-')),
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('refusing to listen on 0.0.0.0 with open access');
  });
});
