import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyFixture, type KeyFixture } from '../helpers/fleetKeys';
import { freePort, postJson, startServer, type RunningServer } from '../helpers/server';

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
    expect(stdout).toMatch(/^Not a JWT: /);
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

/** The CLI as a user with no local keys runs it; async, so this process can serve the JWKS. */
function remoteCli(args: string[], env: Record<string, string> = {}, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH,
        AUTHSCOPE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'authscope-cli-')),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('npx authscope inspect --url (asks a running dashboard)', () => {
  const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
  const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      ...keys.env,
      AUTHSCOPE_VIEWER_TOKENS: VIEWER,
      AUTHSCOPE_INGEST_KEYS: INGEST,
    });
  });
  afterAll(async () => server?.stop());

  it("gives the page's verdict with the dashboard's keys, though this machine has none", async () => {
    const token = await keys.sign.envHs256({ exp: Math.floor(Date.now() / 1000) - 3600 });
    const page = await (
      await postJson(
        `${server.url}/api/v1/inspect`,
        { token },
        { authorization: `Bearer ${VIEWER}` },
      )
    ).json();
    const { code, stdout, stderr } = await remoteCli(
      ['inspect', '-', '--url', server.url, '--key', VIEWER],
      {},
      token,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`verified by ${page.verified_by.join(', ')}`);
    expect(stdout).toContain(`asked ${server.url}`);
    for (const finding of page.findings) expect(stdout).toContain(finding.code);
    expect(stdout).toContain('expired');
    expect(stdout).not.toContain(token.split('.')[2]);
    const json = await remoteCli(
      ['inspect', '-', '--json', '--url', server.url],
      {
        AUTHSCOPE_KEY: VIEWER,
      },
      token,
    );
    const report = JSON.parse(json.stdout);
    expect(report.verified_by).toEqual(page.verified_by);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(
      page.findings.map((f: { code: string }) => f.code),
    );
  });

  it('defaults to $AUTHSCOPE_URL and $AUTHSCOPE_KEY, and exits 1 when no dashboard key verifies', async () => {
    const { code, stdout } = await remoteCli(
      [
        'inspect',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtMTIzNA',
      ],
      { AUTHSCOPE_URL: server.url, AUTHSCOPE_KEY: VIEWER },
    );
    expect(code).toBe(1);
    expect(stdout).toContain('no configured key verifies it');
    expect(stdout).toContain('no_key_verifies');
  });

  it('says "Not a JWT" for a paste that is not one, as the page does', async () => {
    const { code, stdout } = await remoteCli(['inspect', 'not.a', '--url', server.url], {
      AUTHSCOPE_KEY: VIEWER,
    });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Not a JWT: /);
  });

  it('asks for a viewer token on 401, without printing the token or the key', async () => {
    const token = await keys.sign.envHs256();
    const bare = await remoteCli(['inspect', token, '--url', server.url]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('needs a viewer token (401');
    expect(bare.stderr).toContain('AUTHSCOPE_KEY');
    const wrong = `wrong-${randomBytes(16).toString('hex')}`;
    const refused = await remoteCli(['inspect', token, '--url', server.url, '--key', wrong]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refused the key (401');
    for (const run of [bare, refused]) {
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toContain(token);
      expect(run.stderr).not.toContain(token.split('.')[2]);
      expect(run.stderr).not.toContain(wrong);
    }
  });

  it('says an ingest key is not enough on 403', async () => {
    const { code, stderr } = await remoteCli([
      'inspect',
      await keys.sign.envHs256(),
      '--url',
      server.url,
      '--key',
      INGEST,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('(403: Ingest keys are write-only');
    expect(stderr).toContain('not an ingest key');
    expect(stderr).not.toContain(INGEST);
  });

  it("prints the dashboard's 4xx message", async () => {
    const { code, stderr } = await remoteCli(
      ['inspect', await keys.sign.envHs256(), '--url', server.url, '--env', 'x'.repeat(65)],
      { AUTHSCOPE_KEY: VIEWER },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/answered 400: .+/);
  });

  it('names the address it cannot reach, and a --url that is not one', async () => {
    const port = await freePort();
    const down = await remoteCli(['inspect', 'a.b.c', '--url', `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(2);
    expect(down.stderr).toBe(
      `authscope inspect: cannot reach http://127.0.0.1:${port} (is the dashboard running?)\n`,
    );
    const bad = await remoteCli(['inspect', 'a.b.c', '--url', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--url "not a url" is not a URL');
  });
});
