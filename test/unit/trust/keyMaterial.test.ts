import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFingerprintInput } from '../../../lib/fleet';

const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
let privateJwk: Record<string, unknown>;
let thumbprint: string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
  thumbprint = await calculateJwkThumbprint(privateJwk, 'sha256');
});

const report = (extra: Record<string, unknown>) => ({
  environment: 'staging',
  service: 'auth',
  instance: 'auth-1',
  fingerprint: `jwk-thumbprint:${thumbprint}`,
  signing: { kid: 'k1', thumbprint, jwks_url: URL_ },
  ...extra,
});
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('fingerprint reports refuse key material anywhere, in any encoding', () => {
  const CASES: [string, () => Record<string, unknown>][] = [
    ['the private "d" at the top', () => report({ d: privateJwk.d })],
    [
      '"x" and "y" in the signing key',
      () =>
        report({
          signing: { kid: 'k1', thumbprint, jwks_url: URL_, x: privateJwk.x, y: privateJwk.y },
        }),
    ],
    [
      'an RSA "n"/"e" in a trusted key',
      () =>
        report({
          signing: undefined,
          trust: {
            jwks_url: URL_,
            fetched_at: new Date().toISOString(),
            max_age_seconds: 3600,
            keys: [{ kid: 'k1', thumbprint, n: 'AQAB', e: 'AQAB' }],
          },
        }),
    ],
    ['an oct "k"', () => report({ k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' })],
    ['a private PEM as the source', () => report({ source: privatePem })],
    ['a public PEM as the version', () => report({ version: publicPem })],
    ['a private JWK as JSON text', () => report({ source: JSON.stringify(privateJwk) })],
    ['a private JWK, base64', () => report({ source: b64(JSON.stringify(privateJwk)) })],
    ['a private JWK, base64url', () => report({ version: b64url(JSON.stringify(privateJwk)) })],
    [
      'a private PEM, base64, in a resolution step',
      () => report({ resolution: [{ source: b64(privatePem), present: true }] }),
    ],
  ];
  it.each(CASES)('refuses %s', (_name, body) => {
    const parsed = parseFingerprintInput(body());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]!.message).toMatch(/key material/);
    // The refusal names where, never what.
    const text = JSON.stringify(parsed.issues);
    expect(text).not.toContain(String(privateJwk.d));
    expect(text).not.toContain('MII');
  });

  it('refuses the whole batch when one report carries material', () => {
    const parsed = parseFingerprintInput({ reports: [report({}), report({ d: privateJwk.d })] });
    expect(parsed.ok).toBe(false);
  });

  it('accepts kids and thumbprints, including a kid that is itself a thumbprint', () => {
    const parsed = parseFingerprintInput(
      report({ signing: { kid: thumbprint, thumbprint, jwks_url: URL_ }, source: 'jwks:auth' }),
    );
    expect(parsed.ok).toBe(true);
  });
});
