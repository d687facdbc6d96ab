import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../lib/probes';
import { createRuntime, type Runtime } from '../../../lib/runtime';
import { openStore, type Store } from '../../../lib/store';
import { createTestDatabase, PG_URL, type TestDatabase } from '../../helpers/postgres';
import { startRestServer, startWsServer, type Running } from '../../helpers/probeServers';

const T0 = Date.parse('2026-12-01T10:00:00Z');

const result = (fields: Partial<ProbeResult> = {}): ProbeResult => ({
  runId: 'run-1',
  at: T0,
  environment: 'staging',
  probe: 'pair',
  target: 'backend-websocket',
  kind: 'websocket',
  way: 'subprotocol',
  service: 'backend-websocket',
  instance: null,
  url: 'ws://127.0.0.1:1/ws',
  outcome: 'fail',
  status: 101,
  closeCode: 1008,
  reason: 'authentication failed',
  latencyMs: 4,
  tokenSource: 'login',
  signedBy: 'staging-current',
  ...fields,
});

type OpenFresh = () => Promise<{ store: Store; dispose: () => Promise<void> }>;

const backends: Array<[string, OpenFresh]> = [
  [
    'SQLite',
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-probe-store-'));
      const store = await openStore({ dataDir });
      return { store, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  ],
];
if (PG_URL) {
  backends.push([
    'PostgreSQL',
    async () => {
      const database = await createTestDatabase();
      const store = await openStore({ dataDir: os.tmpdir(), databaseUrl: database.url });
      return { store, dispose: database.drop };
    },
  ]);
}

describe.each(backends)('ProbeStore on %s', (_name, openFresh) => {
  let opened: Awaited<ReturnType<OpenFresh>> | null = null;
  afterEach(async () => {
    await opened?.store.close();
    await opened?.dispose();
    opened = null;
  });

  it('keeps since while a cell stays in its state and restarts it on a change', async () => {
    opened = await openFresh();
    const { probes } = opened.store;
    await probes.insert([result()]);
    await probes.insert([result({ runId: 'run-2', at: T0 + 30_000 })]);
    const [still] = await probes.latest('staging');
    expect(still).toMatchObject({
      runId: 'run-2',
      since: T0,
      closeCode: 1008,
      signedBy: 'staging-current',
    });
    await probes.insert([
      result({ runId: 'run-3', at: T0 + 60_000, outcome: 'pass', closeCode: null }),
    ]);
    const [changed] = await probes.latest('staging');
    expect(changed).toMatchObject({ runId: 'run-3', outcome: 'pass', since: T0 + 60_000 });
  });

  it('lists the latest per target × way and the history newest first, per environment', async () => {
    opened = await openFresh();
    const { probes } = opened.store;
    await probes.insert([
      result(),
      result({ way: 'authorization' }),
      result({ environment: 'production' }),
    ]);
    await probes.insert([result({ runId: 'run-2', at: T0 + 1 })]);
    expect((await probes.latest('staging')).map((row) => [row.way, row.runId])).toEqual([
      ['authorization', 'run-1'],
      ['subprotocol', 'run-2'],
    ]);
    expect(await probes.latest()).toHaveLength(3);
    expect((await probes.history('staging', 10)).map((row) => row.runId)).toEqual([
      'run-2',
      'run-1',
      'run-1',
    ]);
  });

  it('lists the results that began a new state in a window, for the incident timeline', async () => {
    opened = await openFresh();
    const { probes } = opened.store;
    await probes.insert([result({ outcome: 'pass', closeCode: null })]);
    await probes.insert([result({ runId: 'run-2', at: T0 + 10 })]);
    await probes.insert([result({ runId: 'run-3', at: T0 + 20 })]);
    expect(
      (await probes.changes('staging', T0, T0 + 100)).map((row) => [row.runId, row.outcome]),
    ).toEqual([
      ['run-1', 'pass'],
      ['run-2', 'fail'],
    ]);
    expect((await probes.changes('staging', T0 + 5, T0 + 100)).map((row) => row.runId)).toEqual([
      'run-2',
    ]);
  });

  it('removes results older than the retention cutoff', async () => {
    opened = await openFresh();
    const { probes } = opened.store;
    await probes.insert([result(), result({ runId: 'run-2', at: T0 + 10 })]);
    expect(await probes.deleteBefore(T0 + 5)).toBe(1);
    expect((await probes.history(undefined, 10)).map((row) => row.runId)).toEqual(['run-2']);
  });
});

describe.skipIf(!PG_URL)('two replicas on one PostgreSQL database', () => {
  let database: TestDatabase;
  const runtimes: Runtime[] = [];
  const servers: Running[] = [];

  afterAll(async () => {
    for (const runtime of runtimes) {
      runtime.probes.stop();
      runtime.collector.stop();
      await runtime.store.close();
    }
    await Promise.all(servers.map((server) => server.close()));
    await database?.drop();
  });

  it('runs each probe once and both replicas show the results', async () => {
    const secret = 'replica-probe-secret-0123456789abcdefghij';
    servers.push(
      await startRestServer(secret),
      await startWsServer('another-secret-0123456789abcdefghijklmn', ['authorization']),
    );
    database = await createTestDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-probe-replicas-'));
    const configFile = path.join(dir, 'authscope.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: ['staging'],
        keys: [
          {
            id: 'staging-current',
            environment: 'staging',
            from: 'env:REPLICA_SECRET',
            probe: true,
          },
        ],
        // A long interval: each replica ticks once at start, so a second run would be a duplicate.
        probes: [
          {
            name: 'pair',
            environment: 'staging',
            token: { mint: { key: 'staging-current' } },
            interval: '1h',
            targets: [
              { type: 'http', service: 'backend-rest', url: servers[0].url },
              {
                type: 'websocket',
                service: 'backend-websocket',
                url: servers[1].url,
                ways: ['authorization'],
                closeWait: '200ms',
              },
            ],
          },
        ],
      }),
    );
    const env = (name: string) => ({
      ...process.env,
      AUTHSCOPE_CONFIG: configFile,
      AUTHSCOPE_DATA_DIR: path.join(dir, name),
      DATABASE_URL: database.url,
      REPLICA_SECRET: secret,
      AUTHSCOPE_FINGERPRINT_KEY: 'a'.repeat(64),
      AUTHSCOPE_SESSION_SECRET: 'b'.repeat(64),
    });
    runtimes.push(...(await Promise.all([createRuntime(env('a')), createRuntime(env('b'))])));

    let history: Awaited<ReturnType<Store['probes']['history']>> = [];
    for (let attempt = 0; attempt < 300 && history.length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      history = await runtimes[0].store.probes.history(undefined, 100);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    history = await runtimes[0].store.probes.history(undefined, 100);
    expect(new Set(history.map((row) => row.runId)).size).toBe(1);
    expect(history).toHaveLength(2);
    const [a, b] = await Promise.all(
      runtimes.map((runtime) => runtime.store.probes.latest('staging')),
    );
    expect(a).toEqual(b);
    expect(a.map((row) => [row.target, row.outcome, row.closeCode])).toEqual([
      ['backend-rest', 'pass', null],
      ['backend-websocket', 'fail', 1008],
    ]);
    // The WebSocket refusal is a failure event both replicas list.
    for (const runtime of runtimes) {
      const { items } = await runtime.store.failures.list(
        { equals: { context: 'probe' } },
        { limit: 10 },
      );
      expect(items.map((item) => [item.service, item.close_code])).toEqual([
        ['backend-websocket', 1008],
      ]);
    }
  });
});
