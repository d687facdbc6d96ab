import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacFingerprint, sha256Fingerprint } from '../../lib/keys/fingerprint';
import { encodingsOf } from '../helpers/fleetKeys';
import { freePort, postJson, startServer, type RunningServer } from '../helpers/server';
import { specFixture } from '../helpers/fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(HERE, '../../bin/authscope.mjs');
const DRIFTED = specFixture('fingerprint-report-drifted.json');

const PEPPER = randomBytes(32);
const STAGING_SECRET = `staging-${randomBytes(24).toString('hex')}`;
const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
const secretBytes = new TextEncoder().encode(STAGING_SECRET);

let server: RunningServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-check-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['development', 'staging', 'qa'],
      // qa uses the same secret; a report is matched only with keys of its own environment.
      keys: [
        {
          id: 'staging-primary',
          environment: 'staging',
          from: 'env:JWT_SECRET_STAGING',
          alg: 'HS256',
        },
        { id: 'qa-primary', environment: 'qa', from: 'env:JWT_SECRET_STAGING', alg: 'HS256' },
      ],
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
    }),
  );
  server = await startServer({
    AUTHSCOPE_CONFIG: configFile,
    AUTHSCOPE_FINGERPRINT_KEY: PEPPER.toString('base64url'),
    AUTHSCOPE_INGEST_KEYS: INGEST,
    JWT_SECRET_STAGING: STAGING_SECRET,
    VIEWER_ALICE: VIEWER,
  });
  const response = await postJson(
    `${server.url}/api/v1/fingerprints`,
    {
      reports: [
        DRIFTED,
        {
          environment: 'staging',
          service: 'auth-service',
          instance: 'auth-1',
          fingerprint: sha256Fingerprint(secretBytes),
          source: 'env:JWT_SECRET_STAGING',
        },
        {
          environment: 'qa',
          service: 'auth-service',
          instance: 'qa-1',
          fingerprint: hmacFingerprint(PEPPER, secretBytes),
          source: 'env:JWT_SECRET_QA',
        },
        {
          environment: 'qa',
          service: 'backend-rest',
          instance: 'qa-2',
          fingerprint: sha256Fingerprint(secretBytes),
          source: 'env:JWT_SECRET_QA',
        },
      ],
    },
    { authorization: `Bearer ${INGEST}` },
  );
  expect(response.status).toBe(202);
});

afterAll(() => server?.stop());

/** Runs `authscope check …` the way a deploy pipeline would. */
function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'check', ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('authscope check', () => {
  it('exits 0 for an environment whose services all resolved the same key', async () => {
    const { code, stdout } = await check(['--env', 'qa', '--url', server.url, '--key', VIEWER]);
    expect(code).toBe(0);
    expect(stdout).toContain('qa: consistent');
  });

  it('exits 1 for a mismatch and names the groups', async () => {
    const { code, stdout } = await check([
      '--env',
      'staging',
      '--url',
      server.url,
      '--key',
      VIEWER,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('staging: MISMATCH');
    expect(stdout).toContain('= staging-primary: auth-service/auth-1 (env:JWT_SECRET_STAGING)');
    expect(stdout).toContain(
      'sha256/16:e275dfc423d43d3e: backend-websocket/ws-7f9c (env:JWT_SECRET_KEY)',
    );
  });

  it('exits 1 for an environment nobody reported for', async () => {
    const { code, stdout } = await check([
      '--env',
      'development',
      '--url',
      server.url,
      '--key',
      VIEWER,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('no service has reported');
  });

  it('accepts an ingest key, so a deploy pipeline needs no viewer token', async () => {
    const { code } = await check(['--env', 'qa', '--url', server.url, '--key', INGEST]);
    expect(code).toBe(0);
  });

  it('prints the consistency answer with --json', async () => {
    const { code, stdout } = await check([
      '--env',
      'staging',
      '--url',
      server.url,
      '--key',
      VIEWER,
      '--json',
    ]);
    expect(code).toBe(1);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ environment: 'staging', consistent: false, status: 'mismatch' });
    expect(answer.groups.map((group: { key_id: string | null }) => group.key_id)).toEqual(
      expect.arrayContaining(['staging-primary', null]),
    );
    for (const value of [
      ...encodingsOf(STAGING_SECRET),
      sha256Fingerprint(secretBytes).split(':')[1],
    ])
      expect(stdout).not.toContain(value);
  });

  it('prints the verdict only for an ingest key, and says a viewer token shows the groups', async () => {
    const { code, stdout } = await check([
      '--env',
      'staging',
      '--url',
      server.url,
      '--key',
      INGEST,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('staging: MISMATCH');
    expect(stdout).toContain('use a viewer token');
    expect(stdout).not.toContain('staging-primary');
  });

  it('exits 2 when the dashboard cannot be reached', async () => {
    const { code, stderr } = await check([
      '--env',
      'staging',
      '--url',
      `http://127.0.0.1:${await freePort()}`,
      '--key',
      VIEWER,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot reach');
  });

  it('exits 2 when the dashboard refuses the request', async () => {
    const { code, stderr } = await check(['--env', 'staging', '--url', server.url]);
    expect(code).toBe(2);
    expect(stderr).toContain('401');
  });

  it('exits 2 for an environment the dashboard does not know', async () => {
    const { code, stderr } = await check([
      '--env',
      'nowhere',
      '--url',
      server.url,
      '--key',
      VIEWER,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('404');
  });
});
