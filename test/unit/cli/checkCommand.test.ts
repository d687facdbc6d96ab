import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_USAGE, checkCommand } from '../../../lib/cli/checkCommand';
import type { Io } from '../../../lib/cli/inspectCommand';
import {
  buildFleet,
  consistencyOf,
  gateVerdict,
  type Consistency,
  type InstanceState,
} from '../../../lib/fleet';
import { instance, KEYS, LEGACY, NOW, sha } from '../alerts/fixtures';

/** An environment for the command: only what the test names (never process.env). */
const asEnv = (values: Record<string, string | undefined>) => values as NodeJS.ProcessEnv;

function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readStdin: () => '',
  };
  return io;
}

/** The consistency answer the dashboard computes for these instances (the real grouping). */
function consistency(instances: InstanceState[]): Consistency {
  const [fleet] = buildFleet(['staging'], instances, {
    now: NOW,
    staleAfterMs: 3_600_000,
    keys: KEYS,
  });
  return consistencyOf('staging', fleet.purposes);
}

const AGREE = [
  instance({ service: 'auth-service', instance: 'auth-1' }),
  instance({ service: 'backend-rest', instance: 'rest-1', version: '7' }),
];
const MISMATCH = [
  ...AGREE,
  instance({
    service: 'backend-websocket',
    instance: 'ws-1',
    fingerprint: sha(LEGACY),
    source: 'env:JWT_SECRET_KEY',
  }),
];

describe('authscope check (lib/cli/checkCommand.ts) against a real HTTP server', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string };
  let seen: Array<{ url: string; headers: IncomingHttpHeaders }>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: JSON.stringify(consistency(AGREE)) };
  });

  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const io = captureIo();
    const code = await checkCommand(argv, io, asEnv(env));
    return { code, ...io };
  };

  it('asks the environment’s consistency with the key as a bearer token, exits 0 when consistent', async () => {
    const result = await run(['--env', 'stag ing', '--url', base, '--key', 'viewer-token-1']);
    expect(result.code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/api/v1/environments/stag%20ing/consistency');
    expect(seen[0].headers.authorization).toBe('Bearer viewer-token-1');
    expect(result.out).toBe(
      [
        'staging: consistent',
        '  = staging-primary: auth-service/auth-1 (env:JWT_SECRET_STAGING), backend-rest/rest-1 (env:JWT_SECRET_STAGING v7)',
        '',
      ].join('\n'),
    );
    expect(result.err).toBe('');
  });

  it('exits 1 on a mismatch and names each group with its members', async () => {
    answer.body = JSON.stringify(consistency(MISMATCH));
    const result = await run(['--env=staging', `--url=${base}`]);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')[0]).toBe('staging: MISMATCH');
    expect(result.out).toContain('  = staging-legacy: backend-websocket/ws-1 (env:JWT_SECRET_KEY)');
    expect(result.out).toContain('  = staging-primary: auth-service/auth-1');
  });

  it('marks stale members and reports "no reports" as a failure', async () => {
    answer.body = JSON.stringify(
      consistency([instance({ last_seen_at: new Date(NOW - 2 * 3_600_000).toISOString() })]),
    );
    const stale = await run(['--env', 'staging', '--url', base]);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('auth-service/auth-1 (env:JWT_SECRET_STAGING) [stale]');

    answer.body = JSON.stringify(consistency([]));
    const empty = await run(['--env', 'staging', '--url', base]);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('  no service has reported a fingerprint for this environment');
  });

  it('shows an ingest key the verdict only, and says so', async () => {
    answer.body = JSON.stringify(gateVerdict(consistency(MISMATCH)));
    const result = await run(['--env', 'staging', '--url', base]);
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        'staging: MISMATCH',
        '  access-token: mismatch',
        '  (an ingest key sees the verdict only: use a viewer token for the groups and their members)',
        '',
      ].join('\n'),
    );
  });

  it('passes --purpose as a query parameter and prints --json as the body', async () => {
    const body = consistency(AGREE);
    answer.body = JSON.stringify(body);
    const result = await run([
      '--env',
      'staging',
      '--url',
      base,
      '--purpose',
      'id-token',
      '--json',
    ]);
    expect(seen[0].url).toBe('/api/v1/environments/staging/consistency?purpose=id-token');
    expect(JSON.parse(result.out)).toEqual(body);
    expect(result.code).toBe(0);
  });

  it('reads the URL and key from AUTHSCOPE_URL and AUTHSCOPE_KEY; flags win', async () => {
    await run(['--env', 'staging'], { AUTHSCOPE_URL: base, AUTHSCOPE_KEY: 'from-env' });
    expect(seen[0].headers.authorization).toBe('Bearer from-env');
    const flags = await run(['--env', 'staging', '--url', base, '--key', 'from-flag'], {
      AUTHSCOPE_URL: 'http://127.0.0.1:1',
      AUTHSCOPE_KEY: 'from-env',
    });
    expect(flags.code).toBe(0);
    expect(seen[1].headers.authorization).toBe('Bearer from-flag');
  });

  it('sends no authorization header without a key', async () => {
    await run(['--env', 'staging', '--url', base]);
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('exits 2 with the dashboard’s message when it refuses the request', async () => {
    answer = {
      status: 401,
      body: JSON.stringify({
        error: { code: 'unauthorized', message: 'A viewer token is required.' },
      }),
    };
    const result = await run(['--env', 'staging', '--url', base, '--key', 'wrong-key']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`authscope check: ${base} answered 401: A viewer token is required.\n`);
    expect(result.err).not.toContain('wrong-key');
    expect(result.out).toBe('');
  });

  it('exits 2 when the answer is not JSON', async () => {
    answer = { status: 502, body: '<html>bad gateway</html>' };
    const result = await run(['--env', 'staging', '--url', base]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`authscope check: ${base} answered 502\n`);
  });

  it('exits 2 when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run(['--env', 'staging', '--url', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `authscope check: cannot reach http://127.0.0.1:${port} (is the dashboard running?)\n`,
    );
  });

  it('exits 2 for a --url that is not a URL', async () => {
    const result = await run(['--env', 'staging', '--url', 'not a url']);
    expect(result.code).toBe(2);
    expect(result.err).toBe('authscope check: --url "not a url" is not a URL\n');
    expect(seen).toEqual([]);
  });

  it.each([[[]], [['--help', '--env', 'staging']], [['--env']], [['staging']]])(
    'prints the usage and exits 2 for %j',
    async (argv) => {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.err).toBe(CHECK_USAGE + '\n');
      expect(seen).toEqual([]);
    },
  );
});
