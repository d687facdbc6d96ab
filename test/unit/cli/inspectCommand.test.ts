import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSPECT_USAGE, inspectCommand, type Io } from '../../../lib/cli/inspectCommand';

const SECRET = 'staging-primary-secret-long-enough-1234567890';
const OTHER = 'some-other-secret-that-is-long-enough-0987654321';

/** An environment for the command: only what the test names (never process.env). */
const asEnv = (values: Record<string, string | undefined>) => values as NodeJS.ProcessEnv;

function captureIo(stdin = ''): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readStdin: () => stdin,
  };
  return io;
}

const sign = (secret: string) =>
  new SignJWT({ sub: 'user-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));

describe('authscope inspect (lib/cli/inspectCommand.ts)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-cli-inspect-'));
    const config = path.join(dir, 'authscope.json');
    writeFileSync(
      config,
      JSON.stringify({
        environments: ['staging', 'production'],
        keys: [
          {
            id: 'staging-primary',
            environment: 'staging',
            from: 'env:JWT_SECRET_STAGING',
            alg: 'HS256',
          },
        ],
      }),
    );
    env = asEnv({
      AUTHSCOPE_CONFIG: config,
      AUTHSCOPE_DATA_DIR: path.join(dir, 'data'),
      JWT_SECRET_STAGING: SECRET,
    });
    good = await sign(SECRET);
    bad = await sign(OTHER);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints the report when a configured key verifies the token', async () => {
    const io = captureIo();
    expect(await inspectCommand([good], io, env)).toBe(0);
    expect(io.out.split('\n')[0]).toBe(`JWS, ${good.length} chars: verified by staging-primary`);
    expect(io.err).toBe('');
    expect(io.out).not.toContain(SECRET);
    expect(io.out).not.toContain(good);
  });

  it('exits 1 when no configured key verifies it', async () => {
    const io = captureIo();
    expect(await inspectCommand([bad], io, env)).toBe(1);
    expect(io.out.split('\n')[0]).toContain('no configured key verifies it');
  });

  it('exits 2 for a malformed token', async () => {
    const io = captureIo();
    expect(await inspectCommand(['not-a-token'], io, env)).toBe(2);
    expect(io.out).toMatch(/^Not a JWT: wrong part count: 1 part/);
  });

  it('reads the token from stdin for "-"', async () => {
    const io = captureIo(good);
    expect(await inspectCommand(['-'], io, env)).toBe(0);
    expect(io.out).toContain('verified by staging-primary');
  });

  it('prints the report as JSON with --json', async () => {
    const io = captureIo();
    expect(await inspectCommand(['--json', good], io, env)).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.verified_by).toEqual(['staging-primary']);
    expect(report.structure.kind).toBe('jws');
    expect(io.out).not.toContain(SECRET);
  });

  it('takes --config over AUTHSCOPE_CONFIG', async () => {
    const io = captureIo();
    const code = await inspectCommand([good, '--config', path.join(dir, 'missing.json')], io, env);
    expect(code).toBe(2);
    expect(io.err).toMatch(
      /^authscope: invalid configuration\n.*missing\.json: cannot read the config file \(ENOENT\)\n$/,
    );
    expect(io.out).toBe('');
  });

  it('says when no keys are configured at all', async () => {
    const io = captureIo();
    const noConfig = asEnv({ AUTHSCOPE_DATA_DIR: env.AUTHSCOPE_DATA_DIR });
    expect(await inspectCommand([good], io, noConfig)).toBe(1);
    expect(io.out.split('\n')[0]).toContain('no keys configured');
  });

  it.each([[[]], [['a', 'b']], [['--help', 'x']], [['--json']]])(
    'prints the usage and exits 2 for %j',
    async (argv) => {
      const io = captureIo();
      expect(await inspectCommand(argv, io, env)).toBe(2);
      expect(io.err).toBe(INSPECT_USAGE + '\n');
      expect(io.out).toBe('');
    },
  );
});
