import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../fixtures/security/rawHttp';
import { startServer, type RunningServer } from '../helpers/server';

const ATTACKER_HOST = 'rebind.attacker.example';
// Pages and viewer APIs: what a rebinding page would read. Health may answer anyone.
const VIEWER_ROUTES = [
  '/',
  '/failures',
  '/inspect',
  '/api/v1/keys',
  '/api/v1/failures',
  '/api/v1/fleet',
  '/api/v1/stream',
];

describe('open access answers loopback names only (DNS rebinding)', () => {
  let server: RunningServer;
  const get = (route: string, headers: Record<string, string>) =>
    rawRequest({ port: server.port, path: route, headers });

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it.each(VIEWER_ROUTES)('refuses %s for Host: rebind.attacker.example', async (route) => {
    const response = await get(route, { host: ATTACKER_HOST });
    expect(response.status).toBe(403);
    expect(response.text).not.toContain('Open access, local only.');
  });

  it('refuses the attacker host with its port, and in capitals', async () => {
    expect((await get('/api/v1/keys', { host: `${ATTACKER_HOST}:${server.port}` })).status).toBe(
      403,
    );
    expect((await get('/api/v1/keys', { host: ATTACKER_HOST.toUpperCase() })).status).toBe(403);
  });

  it.each(['127.0.0.1:{port}', 'localhost:{port}', '[::1]:{port}'])(
    'answers Host: %s',
    async (host) => {
      const value = host.replace('{port}', String(server.port));
      expect((await get('/api/v1/keys', { host: value })).status).toBe(200);
      expect((await get('/', { host: value })).status).toBe(200);
    },
  );

  it('refuses a request whose Origin is the attacker, even with a loopback Host', async () => {
    const host = `127.0.0.1:${server.port}`;
    expect((await get('/api/v1/keys', { host, origin: `http://${ATTACKER_HOST}` })).status).toBe(
      403,
    );
    const inspect = await rawRequest({
      port: server.port,
      path: '/api/v1/inspect',
      method: 'POST',
      headers: { host, origin: `http://${ATTACKER_HOST}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'a.b.c' }),
    });
    expect(inspect.status).toBe(403);
  });

  it('answers a request whose Origin is the loopback address it was sent to', async () => {
    const host = `127.0.0.1:${server.port}`;
    expect((await get('/api/v1/keys', { host, origin: `http://${host}` })).status).toBe(200);
  });
});

describe('open access with a public URL configured', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_PUBLIC_URL: 'https://authscope.example.com' });
  });
  afterAll(() => server?.stop());

  it('answers the public host, and still refuses any other', async () => {
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/api/v1/keys',
          headers: { host: 'authscope.example.com' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/api/v1/keys',
          headers: { host: `127.0.0.1:${server.port}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/api/v1/keys',
          headers: { host: ATTACKER_HOST },
        })
      ).status,
    ).toBe(403);
  });

  it('answers the public origin, and refuses the attacker origin', async () => {
    const headers = { host: 'authscope.example.com' };
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/api/v1/keys',
          headers: { ...headers, origin: 'https://authscope.example.com' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await rawRequest({
          port: server.port,
          path: '/api/v1/keys',
          headers: { ...headers, origin: `https://${ATTACKER_HOST}` },
        })
      ).status,
    ).toBe(403);
  });
});
