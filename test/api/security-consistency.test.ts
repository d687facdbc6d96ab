import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../lib/keys/fingerprint';
import { bearer, credentialOf } from '../fixtures/security/rawHttp';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const STAGING_SECRET = `staging-${randomBytes(24).toString('hex')}`;
const PRODUCTION_SECRET = `production-${randomBytes(24).toString('hex')}`;
const VIEWER = credentialOf('viewer-alice');
const INGEST_STAGING = credentialOf('ingest-staging');
const KEY_IDS = ['staging-primary', 'prod-primary'];
const unkeyed = (secret: string) => sha256Fingerprint(new TextEncoder().encode(secret));

interface Group {
  key_id: string | null;
  fingerprint: string;
  services: string[];
}

describe('the consistency gate is no oracle for keyring secrets', () => {
  let server: RunningServer;
  let ingestAnswer = '';
  const get = async (route: string, headers: Record<string, string>) => {
    const response = await fetch(`${server.url}${route}`, { headers });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  };

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-oracle-'));
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
            id: 'prod-primary',
            environment: 'production',
            from: 'env:JWT_SECRET_PRODUCTION',
            alg: 'HS256',
          },
        ],
        ingestKeys: [
          { name: 'staging-services', from: 'env:INGEST_STAGING', environments: ['staging'] },
        ],
        viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
      }),
    );
    server = await startServer({
      AUTHSCOPE_CONFIG: configFile,
      JWT_SECRET_STAGING: STAGING_SECRET,
      JWT_SECRET_PRODUCTION: PRODUCTION_SECRET,
      INGEST_STAGING,
      VIEWER_ALICE: VIEWER,
    });
    const reports = [
      // A guess that matches the staging key, and one that matches production's, both posted into staging.
      {
        environment: 'staging',
        service: 'auth-service',
        instance: 'auth-1',
        fingerprint: unkeyed(STAGING_SECRET),
        source: 'env:JWT_SECRET_STAGING',
      },
      {
        environment: 'staging',
        service: 'backend-websocket',
        instance: 'ws-1',
        fingerprint: unkeyed(PRODUCTION_SECRET),
        source: 'env:JWT_SECRET',
      },
    ];
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { reports },
      bearer(INGEST_STAGING),
    );
    expect(response.status).toBe(202);
    ingestAnswer = await response.text();
  });
  afterAll(() => server?.stop());

  it("refuses a staging ingest key production's consistency", async () => {
    const { status, body } = await get(
      '/api/v1/environments/production/consistency',
      bearer(INGEST_STAGING),
    );
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden');
  });

  it('gives an ingest key only the verdict for its own environment: no groups, no key names', async () => {
    const { status, body, text } = await get(
      '/api/v1/environments/staging/consistency',
      bearer(INGEST_STAGING),
    );
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['consistent', 'environment', 'purposes', 'status']);
    expect(body).toMatchObject({ environment: 'staging', consistent: false });
    for (const keyId of KEY_IDS) expect(text).not.toContain(keyId);
    expect(text).not.toContain(unkeyed(STAGING_SECRET));
    expect(text).not.toContain(unkeyed(PRODUCTION_SECRET));
  });

  it('names no keyring key in the answer to the report itself', () => {
    for (const keyId of KEY_IDS) expect(ingestAnswer).not.toContain(keyId);
  });

  it("never labels a staging group with another environment's key, in any viewer view of staging", async () => {
    const fleet = await get('/api/v1/fleet', bearer(VIEWER));
    const views = [
      {
        where: 'GET /api/v1/fleet',
        environment: fleet.body.environments.find(
          (entry: { environment: string }) => entry.environment === 'staging',
        ),
      },
      {
        where: 'GET /api/v1/environments/staging',
        environment: (await get('/api/v1/environments/staging', bearer(VIEWER))).body,
      },
      {
        where: 'GET /api/v1/environments/staging/consistency',
        environment: (await get('/api/v1/environments/staging/consistency', bearer(VIEWER))).body,
      },
    ];
    for (const { where, environment } of views) {
      const groups: Group[] =
        environment.groups ??
        environment.purposes.flatMap((purpose: { groups: Group[] }) => purpose.groups);
      const guessed = groups.find((group) => group.services.includes('backend-websocket'));
      expect(guessed, `${where} shows the reported group`).toBeDefined();
      expect(guessed!.key_id, where).not.toBe('prod-primary');
      expect(JSON.stringify(groups), where).not.toContain('prod-primary');
    }
  });

  it("still labels a staging group with staging's own key for a viewer", async () => {
    const { body } = await get('/api/v1/environments/staging/consistency', bearer(VIEWER));
    const own = (body.groups as Group[]).find((group) => group.services.includes('auth-service'));
    expect(own?.key_id).toBe('staging-primary');
  });
});
