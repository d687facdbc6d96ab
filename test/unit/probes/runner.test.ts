import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProbeResult } from '../../../lib/probes';
import {
  startHangingServer,
  startLoginServer,
  startRestServer,
  startWsServer,
  unusedPort,
  type Running,
} from '../../helpers/probeServers';
import { PASSWORD, probeWorld, SECRET_CURRENT, SECRET_OLD, type ProbeWorld } from './probeWorld';

const servers: Running[] = [];
let world: ProbeWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
  await Promise.all(servers.splice(0).map((server) => server.close()));
  vi.restoreAllMocks();
});

async function serve<T extends Running>(started: Promise<T>): Promise<T> {
  const server = await started;
  servers.push(server);
  return server;
}

const login = (url: string, password = 'env:PROBE_PASSWORD') => ({
  login: { url, body: { user: 'probe-user', password }, tokenPath: 'data.access_token' },
});
const SUBPROTOCOL_WAYS = { subprotocol: 'jwt.<token>' };
const cell = (results: ProbeResult[], target: string, way: string) =>
  results.find((result) => result.target === target && result.way === way)!;

/** The REST/WebSocket pair of the incident: one login, one HTTP target, one WebSocket target. */
async function pairProbe(
  wsSecret: string,
  accepts: Array<'authorization' | 'subprotocol' | 'query'> = [
    'authorization',
    'subprotocol',
    'query',
  ],
) {
  const auth = await serve(startLoginServer(SECRET_CURRENT, PASSWORD));
  const rest = await serve(startRestServer(SECRET_CURRENT));
  const ws = await serve(startWsServer(wsSecret, accepts));
  return {
    servers: { auth, rest, ws },
    probe: {
      name: 'rest-then-websocket',
      environment: 'staging',
      token: login(auth.url),
      targets: [
        { type: 'http', service: 'backend-rest', url: rest.url },
        {
          type: 'websocket',
          service: 'backend-websocket',
          url: ws.url,
          ...SUBPROTOCOL_WAYS,
          closeWait: '300ms',
        },
      ],
      timeout: '2s',
    },
  };
}

describe('probe runner against real HTTP and WebSocket servers', () => {
  it('passes a consistent REST/WebSocket pair in every way and names the signing key', async () => {
    const { probe } = await pairProbe(SECRET_CURRENT);
    world = await probeWorld([probe]);
    const [results] = await world.runner.runAll();
    expect(results.map((result) => [result.target, result.way, result.outcome])).toEqual([
      ['backend-rest', 'authorization', 'pass'],
      ['backend-websocket', 'authorization', 'pass'],
      ['backend-websocket', 'subprotocol', 'pass'],
      ['backend-websocket', 'query', 'pass'],
    ]);
    expect(cell(results, 'backend-rest', 'authorization').status).toBe(200);
    expect(results.every((result) => result.signedBy === 'staging-current')).toBe(true);
    expect(await world.store.failures.list({ equals: {} }, { limit: 10 })).toMatchObject({
      items: [],
    });
  });

  it('fails a WebSocket server on another secret with its close code, in every way, while HTTP passes', async () => {
    const { probe } = await pairProbe(SECRET_OLD);
    world = await probeWorld([probe]);
    const [results] = await world.runner.runAll();
    expect(cell(results, 'backend-rest', 'authorization').outcome).toBe('pass');
    for (const way of ['authorization', 'subprotocol', 'query']) {
      expect(cell(results, 'backend-websocket', way)).toMatchObject({
        outcome: 'fail',
        status: 101,
        closeCode: 1008,
        reason: 'authentication failed',
      });
    }
  });

  it('records each refusal as a probe failure, triaged secret_mismatch when the fleet shows the WebSocket service on another key', async () => {
    const { probe } = await pairProbe(SECRET_OLD);
    world = await probeWorld([probe]);
    await world.reportFleet('backend-rest', SECRET_CURRENT);
    await world.reportFleet('backend-websocket', SECRET_OLD);
    await world.runner.runAll();
    const { items } = await world.store.failures.list({ equals: {} }, { limit: 10 });
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item).toMatchObject({
        context: 'probe',
        service: 'backend-websocket',
        close_code: 1008,
        error_code: 'WS_CLOSE_1008',
        signed_by: 'staging-current',
        cause: 'secret_mismatch',
      });
      expect(item.cause_detail).toContain('backend-websocket');
      expect(item.cause_detail).toContain('staging-old');
    }
  });

  it('tells apart a server that accepts the header but not the subprotocol', async () => {
    const { probe } = await pairProbe(SECRET_CURRENT, ['authorization']);
    world = await probeWorld([probe]);
    const [results] = await world.runner.runAll();
    expect(cell(results, 'backend-websocket', 'authorization').outcome).toBe('pass');
    expect(cell(results, 'backend-websocket', 'subprotocol')).toMatchObject({
      outcome: 'fail',
      closeCode: 1008,
    });
    expect(cell(results, 'backend-websocket', 'query')).toMatchObject({
      outcome: 'fail',
      closeCode: 1008,
    });
  });

  it('fails the subprotocol way of a server that upgrades without choosing a subprotocol', async () => {
    const ws = await serve(
      startWsServer(SECRET_CURRENT, ['authorization'], { chooseNoProtocol: true }),
    );
    world = await probeWorld([
      {
        name: 'no-protocol',
        environment: 'staging',
        token: { mint: { key: 'staging-current' } },
        targets: [
          {
            type: 'websocket',
            url: ws.url,
            ways: ['authorization', 'subprotocol'],
            closeWait: '200ms',
          },
        ],
      },
    ]);
    const [results] = await world.runner.runAll();
    expect(cell(results, 'websocket-1', 'authorization').outcome).toBe('pass');
    expect(cell(results, 'websocket-1', 'subprotocol')).toMatchObject({
      outcome: 'fail',
      closeCode: null,
      reason: 'Server sent no subprotocol',
    });
  });

  it('presents the pair ["jwt", token] as two subprotocols', async () => {
    const ws = await serve(startWsServer(SECRET_CURRENT, ['subprotocol']));
    world = await probeWorld([
      {
        name: 'pair',
        environment: 'staging',
        token: { mint: { key: 'staging-current' } },
        targets: [
          {
            type: 'websocket',
            url: ws.url,
            ways: ['subprotocol'],
            subprotocol: ['jwt', '<token>'],
            closeWait: '200ms',
          },
        ],
      },
    ]);
    const [results] = await world.runner.runAll();
    expect(results[0]).toMatchObject({
      way: 'subprotocol',
      outcome: 'pass',
      tokenSource: 'mint',
      signedBy: 'staging-current',
    });
    expect(ws.seen[0]).toMatch(/ jwt,eyJ/);
  });

  it('records a refused upgrade with its HTTP status', async () => {
    const ws = await serve(startWsServer(SECRET_OLD, ['authorization'], { refuseUpgrade: true }));
    world = await probeWorld([
      {
        name: 'refused',
        environment: 'staging',
        token: { mint: { key: 'staging-current' } },
        targets: [{ type: 'websocket', url: ws.url, ways: ['authorization'] }],
      },
    ]);
    const [results] = await world.runner.runAll();
    expect(results[0]).toMatchObject({ outcome: 'fail', status: 401, closeCode: null });
  });

  it('times out an unreachable and a hanging target without delaying the others', async () => {
    const rest = await serve(startRestServer(SECRET_CURRENT));
    const hanging = await serve(startHangingServer());
    const closedPort = await unusedPort();
    const mint = { mint: { key: 'staging-current' } };
    world = await probeWorld([
      {
        name: 'slow',
        environment: 'staging',
        token: mint,
        timeout: '1500ms',
        targets: [
          { type: 'http', name: 'hanging-http', url: hanging.url },
          {
            type: 'websocket',
            name: 'hanging-ws',
            url: hanging.url.replace('http', 'ws'),
            ways: ['authorization'],
          },
          { type: 'http', name: 'unreachable', url: `http://127.0.0.1:${closedPort}/` },
          { type: 'http', name: 'healthy', url: rest.url },
        ],
      },
      {
        name: 'fast',
        environment: 'staging',
        token: mint,
        timeout: '1500ms',
        targets: [{ type: 'http', name: 'healthy', url: rest.url }],
      },
    ]);
    const recordedAt: Record<string, number> = {};
    const started = performance.now();
    const insert = world.store.probes.insert.bind(world.store.probes);
    vi.spyOn(world.store.probes, 'insert').mockImplementation(async (results) => {
      recordedAt[results[0].probe] = performance.now() - started;
      return insert(results);
    });
    const [slow, fast] = await world.runner.runAll();
    expect(cell(slow, 'hanging-http', 'authorization')).toMatchObject({
      outcome: 'timeout',
      reason: 'no answer within 1500 ms',
    });
    expect(cell(slow, 'hanging-ws', 'authorization')).toMatchObject({ outcome: 'timeout' });
    expect(cell(slow, 'unreachable', 'authorization')).toMatchObject({
      outcome: 'unreachable',
      reason: 'unreachable (ECONNREFUSED)',
    });
    expect(cell(slow, 'healthy', 'authorization').outcome).toBe('pass');
    expect(cell(slow, 'healthy', 'authorization').latencyMs).toBeLessThan(1000);
    expect(fast[0].outcome).toBe('pass');
    // The fast probe is stored before the slow one's hanging targets give up.
    expect(recordedAt.fast).toBeLessThan(recordedAt.slow);
    expect(recordedAt.fast).toBeLessThan(1400);
    // Unanswered targets say nothing about the token: no failure events.
    expect((await world.store.failures.list({ equals: {} }, { limit: 10 })).items).toHaveLength(0);
  });

  it('reports a failing login as such, not as a mismatch, and tries no target', async () => {
    const { probe, servers: pair } = await pairProbe(SECRET_CURRENT);
    world = await probeWorld([{ ...probe, token: login(pair.auth.url, 'env:WRONG_PASSWORD') }]);
    world.env.WRONG_PASSWORD = 'not-the-password';
    const [results] = await world.runner.runAll();
    for (const result of results) {
      expect(result).toMatchObject({
        outcome: 'login_failed',
        signedBy: null,
        status: null,
        closeCode: null,
      });
      expect(result.reason).toBe(`login at ${pair.auth.url} answered HTTP 401`);
    }
    expect(pair.rest.seen).toHaveLength(0);
    expect(pair.ws.seen).toHaveLength(0);
    expect((await world.store.failures.list({ equals: {} }, { limit: 10 })).items).toHaveLength(0);
  });

  it('reports a login credential that is not set without sending anything', async () => {
    const { probe, servers: pair } = await pairProbe(SECRET_CURRENT);
    world = await probeWorld([{ ...probe, token: login(pair.auth.url, 'env:UNSET_PASSWORD') }]);
    const [results] = await world.runner.runAll();
    expect(results[0]).toMatchObject({
      outcome: 'login_failed',
      reason: `login at ${pair.auth.url}: environment variable UNSET_PASSWORD is not set`,
    });
    expect(pair.auth.seen).toHaveLength(0);
  });

  it('takes the token from a cookie when told to', async () => {
    const { probe, servers: pair } = await pairProbe(SECRET_CURRENT);
    world = await probeWorld([
      {
        ...probe,
        token: {
          login: {
            url: pair.auth.url,
            body: { password: 'env:PROBE_PASSWORD' },
            cookie: 'session',
          },
        },
      },
    ]);
    const [results] = await world.runner.runAll();
    expect(results.every((result) => result.outcome === 'pass')).toBe(true);
  });

  it('stores since when a target × way has been in its state', async () => {
    const { probe } = await pairProbe(SECRET_OLD);
    world = await probeWorld([probe]);
    const [first] = await world.runner.runAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await world.runner.runAll();
    const latest = await world.store.probes.latest('staging');
    expect(latest).toHaveLength(4);
    for (const result of latest) {
      expect(result.since).toBe(first[0].at);
      expect(result.at).toBeGreaterThan(result.since);
    }
  });

  it('never writes or logs the token', async () => {
    const { probe, servers: pair } = await pairProbe(SECRET_OLD);
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk) => (lines.push(String(chunk)), true),
    );
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk) => (lines.push(String(chunk)), true),
    );
    world = await probeWorld([probe]);
    await world.reportFleet('backend-websocket', SECRET_OLD);
    await world.runner.runAll();
    await world.runner.runAll();
    vi.restoreAllMocks();
    const tokens = [...pair.rest.seen, ...pair.ws.seen].flatMap(
      (line) => line.match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? [],
    );
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    const bytes = world.storeBytes();
    const stored = JSON.stringify([
      await world.store.probes.history(undefined, 100),
      await world.store.failures.list({ equals: {} }, { limit: 100 }),
    ]);
    expect(lines.join('')).toContain('probe_state');
    for (const token of new Set(tokens)) {
      const [, payload, signature] = token.split('.');
      for (const haystack of [bytes, stored, lines.join('')]) {
        expect(haystack).not.toContain(payload);
        expect(haystack).not.toContain(signature);
      }
    }
  });
});
