import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../fixtures/failures/sseClient';
import {
  startLoginServer,
  startRestServer,
  startWsServer,
  type Running,
} from '../helpers/probeServers';
import { listAppRoutes } from '../helpers/routes';
import { startServer, type RunningServer } from '../helpers/server';

const SECRET = 'probe-api-current-secret-0123456789abcdefgh';
const OTHER_SECRET = 'probe-api-other-secret-9876543210zyxwvutsr';
const PASSWORD = 'probe-api-password-canary-5b2c';
const VIEWER_TOKEN = 'probe-api-viewer-token-7e1a9c3b5d';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('probes through the real server', () => {
  let server: RunningServer;
  const services: Running[] = [];
  const viewer = { authorization: `Bearer ${VIEWER_TOKEN}` };
  const get = async (route: string) => fetch(`${server.url}${route}`, { headers: viewer });

  beforeAll(async () => {
    const [auth, rest, ws] = await Promise.all([
      startLoginServer(SECRET, PASSWORD),
      startRestServer(SECRET),
      startWsServer(OTHER_SECRET, ['authorization', 'subprotocol', 'query']),
    ]);
    services.push(auth, rest, ws);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-probe-api-'));
    const configFile = path.join(dir, 'authscope.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: ['staging', 'production'],
        keys: [
          {
            id: 'staging-primary',
            environment: 'staging',
            from: 'env:JWT_SECRET_STAGING',
            alg: 'HS256',
          },
          {
            id: 'staging-legacy',
            environment: 'staging',
            from: 'env:JWT_SECRET_KEY',
            alg: 'HS256',
          },
        ],
        probes: [
          {
            name: 'rest-then-websocket',
            environment: 'staging',
            token: {
              login: {
                url: auth.url,
                body: { user: 'probe', password: 'env:PROBE_PASSWORD' },
                tokenPath: 'data.access_token',
              },
            },
            targets: [
              { type: 'http', service: 'backend-rest', url: rest.url },
              {
                type: 'websocket',
                service: 'backend-websocket',
                url: ws.url,
                subprotocol: ['jwt', '<token>'],
                closeWait: '300ms',
              },
            ],
            interval: '2s',
            timeout: '2s',
          },
        ],
      }),
    );
    server = await startServer({
      AUTHSCOPE_CONFIG: configFile,
      JWT_SECRET_STAGING: SECRET,
      JWT_SECRET_KEY: OTHER_SECRET,
      PROBE_PASSWORD: PASSWORD,
      AUTHSCOPE_VIEWER_TOKENS: VIEWER_TOKEN,
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      const body = await (await get('/api/v1/environments/staging/probes')).json();
      if (
        body.probes[0].targets.every((target: { ways: Array<{ outcome: string | null }> }) =>
          target.ways.every((cell) => cell.outcome !== null),
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all(services.map((service) => service.close()));
  });

  it('shows each target × way with its latest result, since when, and the signing key', async () => {
    const response = await get('/api/v1/environments/staging/probes');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ environment: 'staging', status: 'failing' });
    const [probe] = body.probes;
    expect(probe).toMatchObject({
      name: 'rest-then-websocket',
      token_source: 'login',
      interval_ms: 2000,
      timeout_ms: 2000,
      status: 'failing',
    });
    const cells = probe.targets.flatMap(
      (target: { name: string; ways: Array<Record<string, unknown>> }) =>
        target.ways.map((cell) => ({ target: target.name, ...cell })),
    );
    expect(
      cells.map((cell: Record<string, unknown>) => [
        cell.target,
        cell.way,
        cell.outcome,
        cell.status,
        cell.close_code,
        cell.signed_by,
      ]),
    ).toEqual([
      ['backend-rest', 'authorization', 'pass', 200, null, 'staging-primary'],
      ['backend-websocket', 'authorization', 'fail', 101, 1008, 'staging-primary'],
      ['backend-websocket', 'subprotocol', 'fail', 101, 1008, 'staging-primary'],
      ['backend-websocket', 'query', 'fail', 101, 1008, 'staging-primary'],
    ]);
    for (const cell of cells) {
      expect(Date.parse(cell.since)).toBeLessThanOrEqual(Date.parse(cell.checked_at));
      expect(cell.history.length).toBeGreaterThan(0);
    }
  });

  it('lists every environment on /api/v1/probes, an environment without probes as "none"', async () => {
    const body = await (await get('/api/v1/probes')).json();
    expect(
      body.environments.map((view: { environment: string; status: string }) => [
        view.environment,
        view.status,
      ]),
    ).toEqual([
      ['staging', 'failing'],
      ['production', 'none'],
    ]);
  });

  it('answers 404 for an unknown environment and 401 without a viewer token', async () => {
    expect((await get('/api/v1/environments/qa/probes')).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/probes`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/environments/staging/probes`)).status).toBe(401);
  });

  it('lists the WebSocket refusals as probe failures of backend-websocket', async () => {
    const body = await (await get('/api/v1/failures?context=probe&limit=50')).json();
    expect(body.items.length).toBeGreaterThanOrEqual(3);
    for (const item of body.items)
      expect(item).toMatchObject({
        service: 'backend-websocket',
        context: 'probe',
        close_code: 1008,
        signed_by: 'staging-primary',
      });
  });

  it('puts the probe results that changed state on the incident timeline', async () => {
    const query = new URLSearchParams({
      environment: 'staging',
      from: new Date(Date.now() - 600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    const report = await (await get(`/api/v1/incidents?${query}`)).json();
    expect(
      report.probe_changes.map(
        (change: { target: string; way: string; outcome: string; close_code: number | null }) =>
          `${change.target} ${change.way} ${change.outcome} ${change.close_code}`,
      ),
    ).toEqual([
      'backend-rest authorization pass null',
      'backend-websocket authorization fail 1008',
      'backend-websocket subprotocol fail 1008',
      'backend-websocket query fail 1008',
    ]);
    const markdown = await (await get(`/api/v1/incidents/markdown?${query}`)).text();
    expect(markdown).toContain(
      'probe rest-then-websocket: backend-websocket via subprotocol fails: close 1008',
    );
  });

  it('sends a probe event on the stream after a run', async () => {
    const stream = await openSse(`${server.url}/api/v1/stream`, viewer);
    try {
      const event = await stream.waitFor((candidate) => candidate.event === 'probe', 10_000);
      const items = (
        event.data as {
          items: Array<{ target: string; way: string; outcome: string; close_code: number | null }>;
        }
      ).items;
      expect(items).toContainEqual(
        expect.objectContaining({
          target: 'backend-websocket',
          way: 'subprotocol',
          outcome: 'fail',
          close_code: 1008,
        }),
      );
    } finally {
      stream.close();
    }
  });

  it('never lets the probe token or the login password out: responses, logs, stored files', async () => {
    const tokens = [...services[1].seen, ...services[2].seen].flatMap(
      (line) => line.match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? [],
    );
    expect(tokens.length).toBeGreaterThan(3);
    const texts: Array<{ where: string; text: string }> = [];
    for (const route of listAppRoutes()) {
      if (!route.methods.includes('GET') || route.path === '/api/v1/stream') continue;
      const url = route.path.replace('{env}', 'staging').replace('{id}', '1');
      texts.push({ where: url, text: await (await get(url)).text() });
    }
    texts.push({ where: 'logs', text: server.logs() });
    for (const file of filesUnder(server.dataDir))
      texts.push({ where: file, text: readFileSync(file).toString('latin1') });
    for (const { where, text } of texts) {
      expect(text, where).not.toContain(PASSWORD);
      for (const token of new Set(tokens)) {
        const [, payload, signature] = token.split('.');
        expect(
          text.includes(payload) || text.includes(signature),
          `${where} holds a probe token`,
        ).toBe(false);
      }
    }
  });
});
