import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyFixture, type KeyFixture } from '../helpers/fleetKeys';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const BIN = path.resolve(HERE, '../../bin/authscope.mjs');
let keys: KeyFixture;

beforeAll(async () => {
  keys = await buildKeyFixture();
});
afterAll(() => keys?.jwks.close());

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH,
      ...keys.env,
      AUTHSCOPE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'authscope-cli-')),
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npx authscope inspect', () => {
  it('exits 0 and names the key when a configured key verifies the token', async () => {
    const { code, stdout } = cli(['inspect', await keys.sign.envHs256()]);
    expect(code).toBe(0);
    expect(stdout).toContain('verified by staging-primary');
  });

  it('exits 1 when no configured key verifies the token', async () => {
    const { code, stdout } = cli([
      'inspect',
      '--config',
      keys.configFile,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtMTIzNA',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('no_key_verifies');
  });

  it('says plainly that it has no keys when none are configured', async () => {
    const result = spawnSync(process.execPath, [BIN, 'inspect', await keys.sign.envHs256()], {
      encoding: 'utf8',
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH,
        AUTHSCOPE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'authscope-cli-')),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('no keys configured, so nothing can verify it');
    expect(result.stdout).not.toContain('no configured key verifies it');
  });

  it('exits 2 for a malformed token', () => {
    const { code, stdout } = cli(['inspect', 'not.a']);
    expect(code).toBe(2);
    expect(stdout).toContain('malformed');
  });

  it('reads the token from stdin with - and prints the raw report with --json', async () => {
    const token = await keys.sign.filePem();
    const { code, stdout } = cli(['inspect', '-', '--json'], `Bearer ${token}\n`);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.verified_by).toEqual(['prod-rsa']);
    expect(report.normalized.stripped).toEqual(['bearer_prefix']);
    for (const canary of keys.canaries) expect(stdout).not.toContain(canary);
  });

  it('exits 2 and names the field for an invalid config', () => {
    const { code, stderr } = cli(['inspect', '--config', path.join(keys.dir, 'rsa.pem'), 'a.b.c']);
    expect(code).toBe(2);
    expect(stderr).toContain('rsa.pem');
  });
});
