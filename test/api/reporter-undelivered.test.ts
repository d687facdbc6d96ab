import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter } from '../../lib/reporter';
import { postJson, startServer, type RunningServer } from '../helpers/server';

// The reporter's dropped count through the real server: a fingerprint report carrying
// undelivered_failures shows on its instance in GET /api/v1/environments/{env}.
const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const asIngest = { authorization: `Bearer ${INGEST}` };
const asViewer = { authorization: `Bearer ${VIEWER}` };
const REPORT = {
  environment: 'staging',
  service: 'backend-websocket',
  instance: 'ws-dropped',
  fingerprint: 'sha256/16:e275dfc423d43d3e',
  source: 'env:JWT_SECRET',
};

let server: RunningServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-reporter-api-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(configFile, JSON.stringify({ environments: ['staging', 'production'] }));
  server = await startServer({
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_INGEST_KEYS: INGEST,
    AUTHSCOPE_VIEWER_TOKENS: VIEWER,
  });
});

afterAll(async () => {
  await server?.stop();
});

async function instance(name: string) {
  const response = await fetch(`${server.url}/api/v1/environments/staging`, { headers: asViewer });
  expect(response.status).toBe(200);
  const view = (await response.json()) as {
    instances: Array<{ instance: string; undelivered_failures: number | null }>;
  };
  return view.instances.find((row) => row.instance === name);
}

describe('undelivered failures on the environment view', () => {
  it('shows the count a fingerprint report carried on that instance', async () => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { ...REPORT, undelivered_failures: 3 },
      asIngest,
    );
    expect(response.status).toBe(202);
    expect(await instance('ws-dropped')).toMatchObject({
      instance: 'ws-dropped',
      undelivered_failures: 3,
    });
  });

  it("adds the next report's count, and keeps it through a report that lost nothing", async () => {
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { ...REPORT, undelivered_failures: 2 },
          asIngest,
        )
      ).status,
    ).toBe(202);
    expect((await postJson(`${server.url}/api/v1/fingerprints`, REPORT, asIngest)).status).toBe(
      202,
    );
    expect(await instance('ws-dropped')).toMatchObject({ undelivered_failures: 5 });
  });

  it('shows null for an instance whose reports never carried the count', async () => {
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { ...REPORT, instance: 'ws-silent' },
          asIngest,
        )
      ).status,
    ).toBe(202);
    expect(await instance('ws-silent')).toMatchObject({ undelivered_failures: null });
  });

  it('refuses a negative count in the shared error shape and records nothing', async () => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { ...REPORT, instance: 'ws-negative', undelivered_failures: -1 },
      asIngest,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; issues: Array<{ path: string }> };
    };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((issue) => issue.path)).toContain('undelivered_failures');
    expect(await instance('ws-negative')).toBeUndefined();
  });

  it('gets what the reporter dropped from a full queue onto the instance, and the kept failures into the store', async () => {
    const reporter = new Reporter({
      url: server.url,
      ingestKey: INGEST,
      environment: 'staging',
      service: 'backend-rest',
      instance: 'rest-queue',
      maxQueue: 2,
      batchSize: 10,
      flushMs: 20,
    });
    for (let n = 0; n < 5; n++)
      reporter.reportFailure({ payload: { reason: 'signature verification failed', n } });
    expect(
      await reporter.reportFingerprint({
        secret: 'x'.repeat(32),
        source: 'env:JWT_SECRET',
        resolution: [],
      }),
    ).toBe(true);
    expect(await reporter.close()).toEqual({ drained: true, undelivered: 0 });
    expect(await instance('rest-queue')).toMatchObject({ undelivered_failures: 3 });

    const failures = await fetch(
      `${server.url}/api/v1/failures?environment=staging&service=backend-rest`,
      { headers: asViewer },
    );
    expect(failures.status).toBe(200);
    const { items } = (await failures.json()) as { items: Array<{ instance: string | null }> };
    expect(items.filter((item) => item.instance === 'rest-queue')).toHaveLength(2);
  });
});
