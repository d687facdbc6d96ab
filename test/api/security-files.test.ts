import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, credentialOf } from '../fixtures/security/rawHttp';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const INGEST = credentialOf('ingest-files');
const mode = (file: string) => statSync(file).mode & 0o777;
const octal = (value: number) => value.toString(8).padStart(4, '0');

describe('the data dir is private to the server', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    // A folder the server creates itself (mkdtemp would already make it 0700).
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'authscope-modes-')), 'data');
    // No AUTHSCOPE_SESSION_SECRET or AUTHSCOPE_FINGERPRINT_KEY: both are generated under the data dir.
    server = await startServer({ AUTHSCOPE_DATA_DIR: dataDir, AUTHSCOPE_INGEST_KEYS: INGEST });
    const written = await postJson(
      `${server.url}/api/v1/failures`,
      { error_code: 'MODES', details: { environment: 'staging' } },
      bearer(INGEST),
    );
    expect(written.status).toBe(202);
  });
  afterAll(() => server?.stop());

  it('creates the data dir with mode 0700', () => {
    expect(octal(mode(dataDir))).toBe('0700');
  });

  it.each([
    'authscope.db',
    'authscope.db-wal',
    'authscope.db-shm',
    'session.key',
    'fingerprint.key',
  ])('creates %s with mode 0600', (name) => {
    const file = path.join(dataDir, name);
    expect(existsSync(file), `${name} exists`).toBe(true);
    expect(octal(mode(file))).toBe('0600');
  });
});

describe('a data dir left world-readable by an older version', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'authscope-modes-old-')), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'authscope.db'), '');
    chmodSync(path.join(dataDir, 'authscope.db'), 0o644);
    server = await startServer({ AUTHSCOPE_DATA_DIR: dataDir, AUTHSCOPE_INGEST_KEYS: INGEST });
  });
  afterAll(() => server?.stop());

  it('is made private on start: the dir 0700, the database 0600', () => {
    expect(octal(mode(dataDir))).toBe('0700');
    expect(octal(mode(path.join(dataDir, 'authscope.db')))).toBe('0600');
  });
});
