import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, credentialOf, rawRequest } from '../fixtures/security/rawHttp';
import { replayableToken } from '../fixtures/security/tokenEncodings';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const VIEWER = credentialOf('viewer-requests');
const INGEST = credentialOf('ingest-requests');
const MIB = 1024 * 1024;
const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
];

const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArray = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

describe('requests shaped to hurt the server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      AUTHSCOPE_VIEWER_TOKENS: VIEWER,
      AUTHSCOPE_INGEST_KEYS: INGEST,
      AUTHSCOPE_RATE_SIGN_IN: '1000/s',
    });
  });
  afterAll(() => server?.stop());

  describe('JSON nested deeper than 64 levels', () => {
    const bodies = (depth: number) => ({
      [`POST /api/v1/failures, ${depth} objects deep in details`]: [
        '/api/v1/failures',
        INGEST,
        `{"error_code":"X","details":{"environment":"staging","deep":${nestedObject(depth)}}}`,
      ],
      [`POST /api/v1/failures, ${depth} arrays deep`]: [
        '/api/v1/failures',
        INGEST,
        `{"events":[{"error_code":"X","details":{"deep":${nestedArray(depth)}}}]}`,
      ],
      [`POST /api/v1/fingerprints, ${depth} objects deep`]: [
        '/api/v1/fingerprints',
        INGEST,
        `{"environment":"staging","service":"s","instance":"i","fingerprint":"sha256/16:e275dfc423d43d3e","extra":${nestedObject(depth)}}`,
      ],
      [`POST /api/v1/inspect, ${depth} arrays deep`]: [
        '/api/v1/inspect',
        VIEWER,
        `{"token":"a.b.c","extra":${nestedArray(depth)}}`,
      ],
      [`POST /api/v1/inspect, ${depth} objects deep`]: [
        '/api/v1/inspect',
        VIEWER,
        nestedObject(depth),
      ],
    });
    const cases = Object.entries({ ...bodies(2_000), ...bodies(100) });

    it.each(cases)('answers 400 to %s', async (_name, [route, credential, body]) => {
      const response = await postJson(`${server.url}${route}`, body, bearer(credential));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toEqual(expect.any(String));
    });

    it('stores nothing from a too-deep batch', async () => {
      const list = await (
        await fetch(`${server.url}/api/v1/failures`, { headers: bearer(VIEWER) })
      ).json();
      expect(list.items).toEqual([]);
    });

    it('still accepts JSON 60 levels deep', async () => {
      const response = await postJson(
        `${server.url}/api/v1/failures`,
        `{"error_code":"NEAR_LIMIT","details":{"environment":"staging","deep":${nestedObject(55)}}}`,
        bearer(INGEST),
      );
      expect(response.status).toBe(202);
    });
  });

  describe('POST /api/session with a 1 MiB body', () => {
    const boundary = '----authscope-test-boundary';
    const bodies: Record<string, [string, string]> = {
      'application/x-www-form-urlencoded': [
        'application/x-www-form-urlencoded',
        `token=${'a'.repeat(MIB)}`,
      ],
      'multipart/form-data': [
        `multipart/form-data; boundary=${boundary}`,
        `--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n${'a'.repeat(MIB)}\r\n--${boundary}--\r\n`,
      ],
      'text/plain': ['text/plain', 'a'.repeat(MIB)],
      'application/json': ['application/json', JSON.stringify({ token: 'a'.repeat(MIB) })],
    };

    it.each(Object.entries(bodies))('answers 413 to %s', async (_name, [type, body]) => {
      const response = await rawRequest({
        port: server.port,
        path: '/api/session',
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(response.status).toBe(413);
    });

    it('answers 413 to a 1 MiB form sent in chunks, with no Content-Length', async () => {
      const response = await rawRequest({
        port: server.port,
        path: '/api/session',
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'transfer-encoding': 'chunked',
        },
        body: `token=${'a'.repeat(MIB)}`,
      });
      expect(response.status).toBe(413);
    });
  });

  describe('/_next/image', () => {
    it('answers 404 in the JSON error shape, with the security headers, and keeps the URL out of the log', async () => {
      const token = replayableToken();
      const response = await fetch(`${server.url}/_next/image?url=${token}&w=64&q=75`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      for (const header of SECURITY_HEADERS)
        expect(response.headers.get(header), header).toBeTruthy();
      const again = await fetch(
        `${server.url}/_next/image?url=${encodeURIComponent(`/avatar.png?token=${token}`)}&w=64&q=75`,
        { headers: bearer(VIEWER) },
      );
      expect(again.status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [, , signature] = token.split('.');
      expect(server.logs()).not.toContain(signature);
      expect(server.logs()).not.toContain(token.split('.').slice(0, 2).join('.'));
    });
  });

  describe('cross-site sign-in', () => {
    it('refuses POST /api/session with Origin: null', async () => {
      const response = await postJson(
        `${server.url}/api/session`,
        { token: VIEWER },
        { origin: 'null' },
      );
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    });

    it('refuses the sign-in form posted with Origin: null', async () => {
      const response = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: VIEWER }),
        redirect: 'manual',
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('cross-site sign-out', () => {
    it('refuses DELETE /api/session with Origin: null, and the session stays', async () => {
      const signIn = await postJson(`${server.url}/api/session`, { token: VIEWER });
      const cookie = /authscope_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
      const signOut = await fetch(`${server.url}/api/session`, {
        method: 'DELETE',
        headers: { cookie, origin: 'null' },
      });
      expect(signOut.status).toBe(403);
      expect((await fetch(`${server.url}/api/v1/keys`, { headers: { cookie } })).status).toBe(200);
    });
  });

  describe('trailing-slash redirects', () => {
    it.each(['/api/v1/fleet/', '/inspect/'])(
      '%s answers 308 with the security headers',
      async (route) => {
        const response = await fetch(`${server.url}${route}`, {
          headers: bearer(VIEWER),
          redirect: 'manual',
        });
        expect(response.status).toBe(308);
        for (const header of SECURITY_HEADERS)
          expect(response.headers.get(header), header).toBeTruthy();
      },
    );
  });
});
