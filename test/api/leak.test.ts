import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyFixture, encodingsOf, type KeyFixture } from '../helpers/fleetKeys';
import { listAppRoutes } from '../helpers/routes';
import { postJson, startServer, type RunningServer } from '../helpers/server';

// Every credential the server holds, each a unique canary: none may leave it in any form.
const VIEWER_TOKEN = 'canary-viewer-token-7d41e0b95c26a8f3';
const SECOND_VIEWER_TOKEN = 'canary-viewer-token-second-3b8e1f6a0d92c4';
const INGEST_KEY = 'canary-ingest-key-2f8a6c1d94e3b7a5';
const SECOND_INGEST_KEY = 'canary-ingest-key-second-8c3d2e9f1a4b6071';
const SESSION_SECRET = 'canary-session-secret-5e9b3a7f0c1d8e2b4a6c';
const FINGERPRINT_KEY = Buffer.from('canary-fingerprint-key-0123456789abcdef').toString(
  'base64url',
);

describe('leak suite: crawl every page and API route as a viewer and anonymously', () => {
  let keys: KeyFixture;
  let server: RunningServer;
  const tokens: string[] = [];
  const responses: Array<{ where: string; text: string }> = [];
  let secrets: string[] = [];

  beforeAll(async () => {
    keys = await buildKeyFixture();
    server = await startServer({
      ...keys.env,
      AUTHSCOPE_VIEWER_TOKENS: `${VIEWER_TOKEN},${SECOND_VIEWER_TOKEN}`,
      AUTHSCOPE_INGEST_KEYS: `${INGEST_KEY},${SECOND_INGEST_KEY}`,
      AUTHSCOPE_SESSION_SECRET: SESSION_SECRET,
      AUTHSCOPE_FINGERPRINT_KEY: FINGERPRINT_KEY,
    });
    secrets = [
      ...keys.canaries,
      ...[VIEWER_TOKEN, SECOND_VIEWER_TOKEN, INGEST_KEY, SECOND_INGEST_KEY, SESSION_SECRET].flatMap(
        (secret) => encodingsOf(secret),
      ),
      ...encodingsOf(Buffer.from(FINGERPRINT_KEY, 'base64url')),
    ];
    const viewer = { authorization: `Bearer ${VIEWER_TOKEN}` };
    const record = async (where: string, response: Response) =>
      responses.push({ where, text: await response.text() });

    for (const sign of Object.values(keys.sign)) tokens.push(await sign());
    const ids: string[] = [];
    for (const token of tokens) {
      const event = {
        service: 'backend-websocket',
        environment: 'staging',
        token,
        payload: {
          error_code: 'VALIDATION_FAILED',
          error_message: `rejected Bearer ${token}`,
          details: { failure_context: { auth_headers: { authorization: `Bearer ${token}` } } },
        },
      };
      const ingest = await postJson(`${server.url}/api/v1/failures`, event, {
        authorization: `Bearer ${INGEST_KEY}`,
      });
      expect(ingest.status).toBe(202);
      ids.push(...(await ingest.clone().json()).ids);
      await record('POST /api/v1/failures', ingest);
    }

    // Pasted into the inspector: its answer describes the token, but nothing of it is logged or stored.
    for (const token of tokens) {
      const inspected = await postJson(`${server.url}/api/v1/inspect`, { token }, viewer);
      expect(inspected.status).toBe(200);
      await inspected.arrayBuffer();
    }

    const signIn = await postJson(`${server.url}/api/session`, { token: VIEWER_TOKEN });
    await record('POST /api/session', signIn);
    const cookie = /authscope_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];

    for (const route of listAppRoutes()) {
      if (!route.methods.includes('GET')) continue;
      const url = route.path.replace('{id}', ids[0]).replace('{env}', 'staging');
      if (url === '/api/v1/stream') continue;
      const headers = route.kind === 'page' ? { cookie } : viewer;
      await record(
        `GET ${url}`,
        await fetch(`${server.url}${url}`, { headers, redirect: 'manual' }),
      );
    }
    for (const extra of [
      '/failures?environment=staging',
      `/failures?id=${ids[0]}`,
      '/no-such-page',
      '/api/v1/failures/stats?by=signed_by',
    ]) {
      await record(
        `GET ${extra}`,
        await fetch(`${server.url}${extra}`, { headers: { cookie }, redirect: 'manual' }),
      );
    }

    // The same crawl with no credential at all: what anyone who can reach the server sees.
    for (const route of listAppRoutes()) {
      const url = route.path.replace('{id}', ids[0]).replace('{env}', 'staging');
      for (const method of route.methods) {
        const body = method === 'POST' ? JSON.stringify({ token: tokens[0] }) : undefined;
        const headers = body ? { 'content-type': 'application/json' } : undefined;
        await record(
          `anonymous ${method} ${url}`,
          await fetch(`${server.url}${url}`, {
            method,
            headers,
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(10_000),
          }),
        );
      }
    }
    for (const extra of [
      '/failures?environment=staging',
      `/failures?id=${ids[0]}`,
      '/no-such-page',
      '/api/v1/no-such-route',
      '/api/v1/failures/stats?by=signed_by',
    ]) {
      await record(
        `anonymous GET ${extra}`,
        await fetch(`${server.url}${extra}`, { redirect: 'manual' }),
      );
    }

    // The live stream, replayed from its start.
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/stream`, {
      headers: { ...viewer, 'last-event-id': '0000000000000000' },
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes(`"id":"${ids.at(-1)}"`))
      text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    responses.push({ where: 'GET /api/v1/stream', text });
  });

  afterAll(async () => {
    await server?.stop();
    await keys?.jwks.close();
  });

  const tokenTraces = () =>
    tokens.flatMap((token) => [token, token.split('.')[1], token.split('.')[2]]);

  it('crawled every GET route in app/', () => {
    const crawled = responses.map((response) => response.where);
    for (const route of listAppRoutes().filter((entry) => entry.methods.includes('GET'))) {
      expect(
        crawled.some((where) => where.startsWith(`GET ${route.path.split('{')[0]}`)),
        route.path,
      ).toBe(true);
    }
  });

  it('crawled every route in app/ anonymously too', () => {
    const crawled = responses.map((response) => response.where);
    for (const route of listAppRoutes()) {
      for (const method of route.methods) {
        expect(
          crawled.some((where) =>
            where.startsWith(`anonymous ${method} ${route.path.split('{')[0]}`),
          ),
          `${method} ${route.path}`,
        ).toBe(true);
      }
    }
  });

  it('finds no secret in any response, in any encoding', () => {
    for (const { where, text } of responses) {
      for (const secret of secrets)
        expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
  });

  it('finds no ingested token, nor its payload or signature, in any response', () => {
    for (const { where, text } of responses) {
      for (const trace of tokenTraces())
        expect(text.includes(trace), `${where} contains a token trace`).toBe(false);
    }
  });

  it('still names the signer of the ingested tokens', () => {
    const list = responses.find((response) => response.where === 'GET /api/v1/failures')!;
    const signedBy = JSON.parse(list.text).items.map(
      (item: { signed_by: string | null }) => item.signed_by,
    );
    expect(signedBy).toContain('staging-primary');
  });

  it('finds no secret and no token in the server log', () => {
    const logs = server.logs();
    for (const trace of [...secrets, ...tokenTraces()]) expect(logs.includes(trace)).toBe(false);
  });

  it('finds no secret and no token in the database files', () => {
    const bytes = readdirSync(server.dataDir)
      .filter((name) => name.startsWith('authscope.db'))
      .map((name) => readFileSync(path.join(server.dataDir, name)).toString('latin1'))
      .join('\n');
    expect(bytes.length).toBeGreaterThan(0);
    for (const trace of [...secrets, ...tokenTraces()]) expect(bytes.includes(trace)).toBe(false);
  });
});
