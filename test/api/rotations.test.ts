import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacFingerprint } from '../../lib/keys/fingerprint';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const PEPPER = randomBytes(32);
const PRIMARY = `primary-${randomBytes(24).toString('hex')}`;
const NEXT = `next-${randomBytes(24).toString('hex')}`;
const keyed = (secret: string) => hmacFingerprint(PEPPER, new TextEncoder().encode(secret));
const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
const asViewer = { authorization: `Bearer ${VIEWER}` };
const T0 = Date.now() - 3600_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const report = (instance: string, secret: string, version: string, minutes: number) => ({
  environment: 'staging',
  service: 'api',
  instance,
  fingerprint: keyed(secret),
  source: 'vault:secret/jwt',
  version,
  resolution: [{ source: 'vault:secret/jwt', present: true, fingerprint: keyed(secret) }],
  reported_at: at(minutes),
});

let server: RunningServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-rotations-api-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['staging', 'qa'],
      keys: [
        { id: 'staging-primary', environment: 'staging', from: 'env:JWT_PRIMARY', alg: 'HS256' },
        { id: 'staging-next', environment: 'staging', from: 'env:JWT_NEXT', alg: 'HS256' },
      ],
      ingestKeys: [{ name: 'staging-services', from: 'env:INGEST_KEY', environments: ['staging'] }],
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
    }),
  );
  server = await startServer({
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_FINGERPRINT_KEY: PEPPER.toString('base64url'),
    JWT_PRIMARY: PRIMARY,
    JWT_NEXT: NEXT,
    INGEST_KEY: INGEST,
    VIEWER_ALICE: VIEWER,
  });
  // Past timestamps, one request per moment: three instances on the primary, then two move.
  const steps = [
    [report('a', PRIMARY, '3', 0), report('b', PRIMARY, '3', 0), report('c', PRIMARY, '3', 0)],
    [report('a', NEXT, '4', 10)],
    [report('b', NEXT, '4', 12)],
  ];
  for (const reports of steps)
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { reports },
          { authorization: `Bearer ${INGEST}` },
        )
      ).status,
    ).toBe(202);
});

afterAll(async () => {
  await server?.stop();
});

async function rotations(env = 'staging', headers: Record<string, string> = asViewer) {
  const response = await fetch(`${server.url}/api/v1/environments/${env}/rotations`, { headers });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

describe('GET /api/v1/environments/{env}/rotations', () => {
  it('shows the open rotation with its keys, progress and laggard, and no secret', async () => {
    const { status, body, text } = await rotations();
    expect(status).toBe(200);
    expect(body.current).toHaveLength(1);
    const [rotation] = body.items;
    expect(rotation.status).toBe('in_progress');
    expect(rotation.from).toMatchObject({ key: 'staging-primary', version: '3' });
    expect(rotation.to).toMatchObject({ key: 'staging-next', version: '4' });
    expect(rotation.started_at).toBe(at(10));
    expect(rotation.first_instance).toEqual({ service: 'api', instance: 'a' });
    expect(
      rotation.progress.map((p: { on_new: number; of: number }) => `${p.on_new}/${p.of}`),
    ).toEqual(['1/3', '2/3']);
    expect(rotation.laggards).toEqual([
      expect.objectContaining({ instance: 'c', since: at(0), version: '3' }),
    ]);
    expect(rotation.laggards[0].chain[0]).toMatchObject({
      source: 'vault:secret/jwt',
      present: true,
    });
    expect(text).not.toContain(PRIMARY);
    expect(text).not.toContain(NEXT);
  });

  it('closes the rotation with its time to converge when the last instance moves', async () => {
    await postJson(
      `${server.url}/api/v1/fingerprints`,
      { reports: [report('c', NEXT, '4', 25)] },
      { authorization: `Bearer ${INGEST}` },
    );
    const { body } = await rotations();
    expect(body.current).toEqual([]);
    expect(body.items[0]).toMatchObject({
      status: 'completed',
      ended_at: at(25),
      converge_ms: 15 * 60_000,
      laggards: [],
    });
  });

  it('answers an environment without reports with no rotations, an unknown one 404, a stranger 401', async () => {
    expect((await rotations('qa')).body).toEqual({ items: [], current: [] });
    const unknown = await rotations('nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBeDefined();
    expect((await rotations('staging', {})).status).toBe(401);
  });
});
