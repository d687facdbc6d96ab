import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClientError, fetchJson } from '../../../lib/client/fetchJson';

describe('fetchJson (lib/client/fetchJson.ts) against a real HTTP server', () => {
  let server: Server;
  let base: string;
  let last: { method: string; type: string | undefined; body: string };

  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      last = {
        method: request.method ?? '',
        type: request.headers['content-type'],
        body: await read(request),
      };
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/ok') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ items: [1, 2] }));
      } else if (url.pathname === '/refused') {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'forbidden', message: 'Viewers only.' } }));
      } else {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<h1>bad gateway</h1>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('GETs and returns the parsed body, sending no content type', async () => {
    expect(await fetchJson(`${base}/ok`)).toEqual({ items: [1, 2] });
    expect(last).toEqual({ method: 'GET', type: undefined, body: '' });
  });

  it('sends a body as JSON with its content type', async () => {
    await fetchJson(`${base}/ok`, { method: 'POST', body: { environment: 'staging' } });
    expect(last).toEqual({
      method: 'POST',
      type: 'application/json',
      body: '{"environment":"staging"}',
    });
  });

  it('throws the API’s error shape as an ApiClientError', async () => {
    const error = await fetchJson(`${base}/refused`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toMatchObject({
      name: 'ApiClientError',
      status: 403,
      code: 'forbidden',
      message: 'Viewers only.',
    });
  });

  it('throws an http_error naming the status when the answer is not the API’s JSON', async () => {
    const error = await fetchJson(`${base}/gateway`).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'http_error', message: 'HTTP 502' });
  });
});
