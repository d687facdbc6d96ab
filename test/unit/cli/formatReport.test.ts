import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../../lib/cli/formatReport';
import type { Keyring } from '../../../lib/keys';
import { inspectAt, NOW } from '../inspect/inspectAt';
import { loadTestKeyring } from '../keys/testKeyring';

const SECRET = 'staging-primary-secret-long-enough-1234567890';
const at = (iso: string) => Date.parse(iso) / 1000;

function signed(secret = SECRET): Promise<string> {
  return new SignJWT({ sub: 'user-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(at('2026-03-01T11:59:00Z'))
    .setExpirationTime(at('2026-03-01T13:00:00Z'))
    .sign(new TextEncoder().encode(secret));
}

describe('formatReport (lib/cli/formatReport.ts)', () => {
  let keyring: Keyring;

  beforeAll(async () => {
    ({ keyring } = await loadTestKeyring({
      keys: [
        { id: 'staging-primary', environment: 'staging', from: 'env:JWT_SECRET', alg: 'HS256' },
      ],
      env: { JWT_SECRET: SECRET },
    }));
    expect(NOW.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('puts the verdict first, then the stripped parts, header, claims, timing, keys, findings', async () => {
    const token = await signed();
    const text = formatReport(await inspectAt(`Bearer ${token}\n`, keyring), { keyCount: 1 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`JWS, ${token.length} chars: verified by staging-primary`);
    expect(lines[1]).toBe('stripped: bearer_prefix, whitespace');
    const order = ['header', 'claims', 'timing', 'keys tried', 'findings'].map((title) =>
      lines.indexOf(title),
    );
    expect(order.every((index) => index > 1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('\n  {\n    "alg": "HS256"\n  }\n');
    expect(text).toContain('  exp  2026-03-01T13:00:00.000Z  (in 1 h)');
    expect(text).toContain('  iat  2026-03-01T11:59:00.000Z  (1 min ago)');
    expect(text).toMatch(
      /\n {2}✓ staging-primary \[staging\] env:JWT_SECRET hmac-sha256\/16:[0-9a-f]{16}\n/,
    );
    expect(text).toContain('  info    bearer_prefix: ');
    expect(text).toContain('  warning whitespace: ');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('never prints the token, its signature or the secret', async () => {
    const token = await signed();
    const text = formatReport(await inspectAt(token, keyring), { keyCount: 1 });
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(SECRET);
  });

  it('says no key verifies a token signed with another secret, with the key’s reason', async () => {
    const report = await inspectAt(
      await signed('another-secret-that-is-long-enough-0987654321'),
      keyring,
    );
    const text = formatReport(report, { keyCount: 1 });
    expect(text.split('\n')[0]).toMatch(/^JWS, \d+ chars: no configured key verifies it$/);
    expect(text).toMatch(/\n {2}✗ staging-primary \[staging\] /);
  });

  it('says what is missing when no key is configured at all', async () => {
    const { keyring: empty } = await loadTestKeyring({ keys: [] });
    const text = formatReport(await inspectAt(await signed(), empty), { keyCount: 0 });
    expect(text.split('\n')[0]).toContain(
      'no keys configured, so nothing can verify it (pass --config FILE or set AUTHSCOPE_CONFIG, or --url URL to ask a running dashboard)',
    );
    expect(text).not.toContain('keys tried');
  });

  it('lists each structural problem of a malformed token, and no header or claims', async () => {
    const text = formatReport(await inspectAt('abc.def', keyring), { keyCount: 1 });
    expect(text).toBe(
      [
        // The headline says what it is; no key was asked about a paste that is not a JWT.
        'Not a JWT: wrong part count: 2 parts (a JWS has 3, a JWE has 5)',
        '',
        'findings',
        '  error   malformed: The token is malformed: wrong part count: 2 parts (a JWS has 3, a JWE has 5).',
        '',
      ].join('\n'),
    );
  });

  it('names the dashboard it asked, and says when that dashboard has no keys', async () => {
    const report = await inspectAt(await signed(), keyring);
    const asked = formatReport(report, { dashboard: 'http://127.0.0.1:3000' });
    expect(asked.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/: verified by staging-primary$/),
      'asked http://127.0.0.1:3000',
    ]);
    const keyless = formatReport(
      { ...report, verified_by: [], verification: [] },
      { dashboard: 'http://127.0.0.1:3000' },
    );
    expect(keyless.split('\n')[0]).toMatch(
      /: the dashboard has no keys configured, so nothing can verify it$/,
    );
  });

  it('says which services of the fleet accept the token', async () => {
    const report = await inspectAt(await signed(), keyring);
    const text = formatReport(
      {
        ...report,
        fleet: {
          environment: 'staging',
          services: [
            { service: 'backend-rest', accepts: true, reason: 'resolves staging-primary' },
            { service: 'backend-websocket', accepts: false, reason: 'resolves staging-legacy' },
            { service: 'worker', accepts: 'unknown', reason: 'has not reported' },
          ],
        },
      },
      { keyCount: 1 },
    );
    expect(text).toContain(
      [
        'fleet (staging)',
        '  backend-rest: accepts  resolves staging-primary',
        '  backend-websocket: rejects  resolves staging-legacy',
        '  worker: unknown  has not reported',
        '',
        'findings',
      ].join('\n'),
    );
  });

  it('shows a payload that is not a JSON object as text', async () => {
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const payload = Buffer.from('hello world').toString('base64url');
    const text = formatReport(await inspectAt(`${header}.${payload}.c2ln`, keyring), {
      keyCount: 1,
    });
    expect(text).toContain('\npayload (text)\n  hello world\n');
    expect(text).not.toContain('\nclaims\n');
  });

  it('says "none" when there are no findings', async () => {
    const report = await inspectAt(await signed(), keyring);
    const text = formatReport({ ...report, findings: [] }, { keyCount: 1 });
    expect(text.endsWith('\nfindings\n  none\n')).toBe(true);
  });
});
