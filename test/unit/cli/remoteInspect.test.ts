import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteInspect } from '../../../lib/cli/remoteInspect';
import { inspectAt } from '../inspect/inspectAt';
import { loadTestKeyring } from '../keys/testKeyring';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz';
const VIEWER = 'viewer-token-0123456789';

describe('remoteInspect (lib/cli/remoteInspect.ts) against a real HTTP server', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string; headers?: Record<string, string> };
  let seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
        });
        response.writeHead(answer.status, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    seen = [];
    const { keyring } = await loadTestKeyring({ keys: [] });
    answer = { status: 200, body: JSON.stringify(await inspectAt('a.b.c', keyring)) };
  });

  const refused = (status: number, message?: string) => {
    answer = {
      status,
      body: JSON.stringify({ error: { code: 'x', ...(message ? { message } : {}) } }),
    };
  };

  it('POSTs the token and environment to /api/v1/inspect with the viewer token', async () => {
    const result = await remoteInspect({ base, key: VIEWER, token: TOKEN, environment: 'staging' });
    expect(result).toMatchObject({ ok: true, origin: base });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/inspect' });
    expect(seen[0].headers.authorization).toBe(`Bearer ${VIEWER}`);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ token: TOKEN, environment: 'staging' });
  });

  it('sends no authorization header without a key', async () => {
    await remoteInspect({ base, key: undefined, token: TOKEN, environment: undefined });
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('says what a 401 means, with and without a key', async () => {
    refused(401, 'A viewer token is required.');
    const without = await remoteInspect({
      base,
      key: undefined,
      token: TOKEN,
      environment: undefined,
    });
    expect(without).toEqual({
      ok: false,
      message: `${base} needs a viewer token (401: A viewer token is required.). Pass --key KEY or set AUTHSCOPE_KEY (one of its AUTHSCOPE_VIEWER_TOKENS or a "viewers" entry).`,
    });
    const wrong = await remoteInspect({ base, key: VIEWER, token: TOKEN, environment: undefined });
    expect(wrong).toMatchObject({
      ok: false,
      message: expect.stringContaining('refused the key (401'),
    });
  });

  it('says an ingest key is the wrong kind of key (403)', async () => {
    refused(403);
    const result = await remoteInspect({ base, key: VIEWER, token: TOKEN, environment: undefined });
    expect(result).toEqual({
      ok: false,
      message: `${base} refused the request (403). Inspecting needs a viewer token, not an ingest key.`,
    });
  });

  it('never prints the token or the key, even when the server message quotes them', async () => {
    refused(400, `bad token ${TOKEN} for key ${VIEWER}`);
    const result = await remoteInspect({ base, key: VIEWER, token: TOKEN, environment: undefined });
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    expect(message).toBe(`${base} answered 400: bad token [redacted] for key [redacted]`);
  });

  it('refuses an answer that is not an inspection report', async () => {
    answer = { status: 200, body: '{"hello":"world"}' };
    expect(
      await remoteInspect({ base, key: undefined, token: TOKEN, environment: undefined }),
    ).toEqual({
      ok: false,
      message: `${base} answered 200`,
    });
    answer = { status: 502, body: '<html>' };
    expect(
      await remoteInspect({ base, key: undefined, token: TOKEN, environment: undefined }),
    ).toEqual({
      ok: false,
      message: `${base} answered 502`,
    });
  });

  it('does not follow a redirect (the token would go elsewhere)', async () => {
    answer = { status: 307, body: '', headers: { location: 'http://127.0.0.1:1/steal' } };
    const result = await remoteInspect({ base, key: VIEWER, token: TOKEN, environment: undefined });
    expect(result.ok).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['not a url', '--url "not a url" is not a URL'],
    ['file:///etc/passwd', '--url must be an http or https URL, got file:'],
  ])('refuses the base %j before sending anything', async (bad, message) => {
    expect(
      await remoteInspect({ base: bad, key: VIEWER, token: TOKEN, environment: undefined }),
    ).toEqual({
      ok: false,
      message,
    });
    expect(seen).toEqual([]);
  });
});
