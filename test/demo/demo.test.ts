import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUN_FOR_MS = 20_000;

interface FleetFile {
  dashboard: { url: string; pid: number };
  demo: { pid: number };
  services: Array<{ environment: string; service: string; instance: string; port: number }>;
}

/** The fields of /proc/<pid>/stat after the parenthesised command name: state, parent pid, … */
const statFields = (pid: number | string): string[] => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};
/** Running: a zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
const alive = (pid: number) => {
  try {
    return statFields(pid)[0] !== 'Z';
  } catch {
    return false;
  }
};
/** Every process below `root` (children, grandchildren, …), from /proc (Linux, as CI). */
const descendants = (root: number): Array<{ pid: number; command: string }> => {
  const rows = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const ppid = Number(statFields(name)[1]);
        const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return [{ pid: Number(name), ppid, command }];
      } catch {
        return []; // Exited while we looked.
      }
    });
  const found: Array<{ pid: number; command: string }> = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const row of rows) {
      if (row.ppid !== parent || found.some((known) => known.pid === row.pid)) continue;
      found.push({ pid: row.pid, command: row.command });
      queue.push(row.pid);
    }
  }
  return found;
};
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm run demo', () => {
  let demo: ChildProcess;
  let output = '';
  let url = '';
  let fleet: FleetFile;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-demo-'));
  const api = async (route: string) => (await fetch(`${url}${route}`)).json();
  const check = (environment: string) =>
    spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'authscope.mjs'), 'check', '--env', environment, '--url', url],
      { encoding: 'utf8', timeout: 30_000 },
    );

  beforeAll(async () => {
    const port = await freePort();
    demo = spawn(
      process.execPath,
      [
        path.join(ROOT, 'scripts', 'demo.mjs'),
        '--port',
        String(port),
        '--data-dir',
        dataDir,
        '--rate',
        '5',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    demo.stdout!.on('data', (chunk) => (output += chunk));
    demo.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 120_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (demo.exitCode !== null || Date.now() > deadline)
        throw new Error(`the demo did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    fleet = JSON.parse(readFileSync(path.join(dataDir, 'fleet.json'), 'utf8'));
    url = fleet.dashboard.url;
    // Long enough for the simulated clients to fail and for production's rotation (at 12 s).
    await new Promise((resolve) => setTimeout(resolve, RUN_FOR_MS));
  }, 180_000);

  afterAll(() => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });

  it('prints the dashboard URL and a token to paste', () => {
    expect(output).toContain(`authscope demo is running: ${url}`);
    expect(output).toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('prints the check and inspect commands for its own URL, and when production recovers', async () => {
    expect(output).toContain(`npx authscope check --env staging --url ${url}`);
    expect(output).toMatch(/production recovers after about 3 minutes/);
    const line = output.split('\n').find((text) => text.includes('npx authscope inspect'))!;
    const [, token, printedUrl] = line.match(
      /echo '([^']+)' \| npx authscope inspect - --url (\S+)/,
    )!;
    expect(printedUrl).toBe(url);
    const cli = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'authscope.mjs'), 'inspect', '-', '--url', printedUrl],
      { encoding: 'utf8', timeout: 30_000, input: token },
    );
    const page = await (
      await fetch(`${url}/api/v1/inspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
    ).json();
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(page.verified_by).toEqual(['staging-primary']);
    expect(cli.stdout).toContain('verified by staging-primary');
    for (const service of page.fleet.services) expect(cli.stdout).toContain(service.service);
  });

  it('shows staging and production in mismatch and development consistent', async () => {
    const body = await api('/api/v1/fleet');
    const status = Object.fromEntries(
      body.environments.map(
        (environment: {
          environment: string;
          consistent: boolean;
          purposes: Array<{ status: string }>;
        }) => [environment.environment, environment.purposes[0].status],
      ),
    );
    expect(status).toMatchObject({
      development: 'consistent',
      staging: 'mismatch',
      production: 'mismatch',
    });
    const staging = await api('/api/v1/environments/staging/consistency');
    const labels = staging.groups.map(
      (group: { key_id: string; sources: string[] }) =>
        `${group.key_id} ${group.sources.join(',')}`,
    );
    expect(labels).toEqual(
      expect.arrayContaining([
        'staging-primary env:JWT_SECRET_STAGING',
        'staging-legacy env:JWT_SECRET_KEY',
      ]),
    );
  });

  it('stores staging WebSocket failures with signed_by = the key the auth service signs with', async () => {
    const page = await api(
      '/api/v1/failures?environment=staging&service=backend-websocket&context=websocket&limit=50',
    );
    expect(page.items.length).toBeGreaterThan(3);
    for (const failure of page.items) {
      expect(failure.signed_by).toBe('staging-primary');
      expect(failure.close_code).toBe(1008);
      expect(failure.context).toBe('websocket');
    }
    const rest = await api('/api/v1/failures?environment=staging&service=backend-rest&limit=5');
    expect(rest.items).toEqual([]);
  });

  it('probes staging: HTTP passes, the WebSocket closes 1008 in every way; production: only the v4 replica fails', async () => {
    type Cell = {
      way: string;
      outcome: string;
      status: number | null;
      close_code: number | null;
      signed_by: string | null;
    };
    type Target = { name: string; ways: Cell[] };
    const targets = async (environment: string): Promise<Target[]> =>
      (await api(`/api/v1/environments/${environment}/probes`)).probes[0].targets;
    const summary = (list: Target[]) =>
      Object.fromEntries(
        list.map((target) => [
          target.name,
          target.ways.map(
            (cell) => `${cell.way} ${cell.outcome} ${cell.close_code ?? cell.status}`,
          ),
        ]),
      );
    expect(summary(await targets('staging'))).toEqual({
      'backend-rest': ['authorization pass 200'],
      'ws-7f9c': ['authorization fail 1008', 'subprotocol fail 1008', 'query fail 1008'],
    });
    const production = summary(await targets('production'));
    // The demo server welcomes the socket and ends it with 1000: accepted.
    expect(production['ws-prod-a']).toEqual([
      'authorization pass 1000',
      'subprotocol pass 1000',
      'query pass 1000',
    ]);
    expect(production['ws-prod-b']).toEqual([
      'authorization fail 1008',
      'subprotocol fail 1008',
      'query fail 1008',
    ]);
    expect(
      (await api('/api/v1/probes')).environments.map(
        (view: { environment: string; status: string }) => `${view.environment} ${view.status}`,
      ),
    ).toEqual(['development passing', 'staging failing', 'production failing', 'edge none']);
    // The probe's refusals are failures of their own, triaged against the fleet.
    const probeFailures = await api('/api/v1/failures?environment=staging&context=probe&limit=20');
    expect(probeFailures.items.length).toBeGreaterThan(0);
    expect(
      probeFailures.items.some((failure: { cause: string }) => failure.cause === 'secret_mismatch'),
    ).toBe(true);
  });

  it('records the production rotation on the timeline', async () => {
    const history = await api('/api/v1/environments/production/history');
    const changes = history.items.filter((change: { kind: string }) => change.kind === 'changed');
    expect(changes.map((change: { key_id: string }) => change.key_id)).toContain('prod-v6');
  });

  it('edge (ES256, a real JWKS): stale_jwks failures and an incomplete rotation live, then convergence', async () => {
    // At 20 s the issuer has rotated (12 s) and api-edge-2 still holds its hour-old cache.
    const trust = await api('/api/v1/environments/edge/trust');
    expect(trust.status).toBe('mismatch');
    expect(trust.published[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json$/);
    expect(trust.purposes[0].mismatches).toEqual([
      expect.objectContaining({
        verifier: { service: 'api-edge', instance: 'api-edge-2' },
        missing_kid: 'edge-2026-11',
        reason: 'missing_kid',
      }),
    ]);
    expect(trust.purposes[0].mismatches[0].cache_age_seconds).toBeGreaterThan(3000);
    const open = await api('/api/v1/environments/edge/rotations');
    expect(open.current).toEqual([
      expect.objectContaining({
        status: 'in_progress',
        laggards: [expect.objectContaining({ instance: 'api-edge-2' })],
      }),
    ]);
    const failures = await api('/api/v1/failures?environment=edge&limit=50');
    const stale = failures.items.filter(
      (failure: { cause: string }) => failure.cause === 'stale_jwks',
    );
    expect(stale.length).toBeGreaterThan(0);
    for (const failure of stale) {
      expect(failure.instance).toBe('api-edge-2');
      expect(failure.cause_detail).toMatch(
        /kid edge-2026-11 is published by the issuer, but api-edge\/api-edge-2's JWKS cache lacks it \(fetched \d+ s ago, refreshes at /,
      );
    }
    expect(
      failures.items.every((failure: { instance: string }) => failure.instance === 'api-edge-2'),
    ).toBe(true);

    // Its cache ends a minute after the rotation: then every verifier trusts the new key.
    const deadline = Date.now() + 120_000;
    let converged = await api('/api/v1/environments/edge/trust');
    while (converged.status !== 'consistent' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      converged = await api('/api/v1/environments/edge/trust');
    }
    expect(converged.status).toBe('consistent');
    const done = await api('/api/v1/environments/edge/rotations');
    expect(done.current).toEqual([]);
    expect(done.items[0]).toMatchObject({ status: 'completed', laggards: [] });
    expect(done.items[0].converge_ms).toBeGreaterThan(30_000);
  }, 150_000);

  it('passes the pre-deploy gate for development and fails it for staging', () => {
    expect(check('development').status).toBe(0);
    const staging = check('staging');
    expect(staging.status).toBe(1);
    expect(staging.stdout).toContain('MISMATCH');
  });

  it('stops everything on Ctrl-C (SIGINT), leaving no process behind', async () => {
    const children = descendants(demo.pid!);
    // demo.mjs → the demo → the dashboard, at least.
    expect(children.length).toBeGreaterThanOrEqual(2);
    expect(children.map((child) => child.pid)).toEqual(
      expect.arrayContaining([fleet.demo.pid, fleet.dashboard.pid]),
    );
    const started = Date.now();
    demo.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) =>
      demo.once('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(0);
    // The dashboard gets SIGKILL after 5 s at worst: everything is gone well within 15 s.
    expect(Date.now() - started).toBeLessThan(15_000);
    // A process signalled at exit may take a moment to go on a loaded machine (CI runs suites
    // side by side): wait for the tree to empty, a bounded few seconds, before naming survivors.
    const settled = Date.now() + 5_000;
    while (children.some((child) => alive(child.pid)) && Date.now() < settled)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const child of children)
      expect(alive(child.pid), `${child.pid} ${child.command.slice(0, 200)}`).toBe(false);
    expect(alive(fleet.dashboard.pid)).toBe(false);
    expect(alive(fleet.demo.pid)).toBe(false);
    for (const service of fleet.services)
      expect(await portOpen(service.port), `${service.service} :${service.port}`).toBe(false);
    expect(await portOpen(Number(new URL(url).port))).toBe(false);
  });
});
