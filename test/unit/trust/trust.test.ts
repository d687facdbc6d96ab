import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  IssuerKeyReport,
  trustConsistency,
  VerifierTrustReport,
  type Issuer,
  type Verifier,
} from '../../../lib/trust';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
let OLD: { kid: string; thumbprint: string; jwk: Record<string, unknown> };
let NEW: { kid: string; thumbprint: string; jwk: Record<string, unknown> };

async function key(kid: string) {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
    jwk: { ...jwk, kid } as Record<string, unknown>,
  };
}

beforeAll(async () => {
  OLD = await key('2026-10');
  NEW = await key('2026-11');
});

const issuer = (instance: string, signing: { kid: string; thumbprint: string }): Issuer => ({
  service: 'auth',
  instance,
  signing: { kid: signing.kid, thumbprint: signing.thumbprint, jwks_url: URL_ },
});
const verifier = (
  instance: string,
  keys: { kid: string; thumbprint: string }[],
  fetchedMinutesAgo = 50,
): Verifier => ({
  service: 'api',
  instance,
  trust: {
    jwks_url: URL_,
    fetched_at: new Date(NOW - fetchedMinutesAgo * 60_000).toISOString(),
    max_age_seconds: 3600,
    keys: keys.map(({ kid, thumbprint }) => ({ kid, thumbprint })),
  },
});

describe('report shapes', () => {
  it('accepts an issuer key and a verifier trust set named by kid and RFC 7638 thumbprint', () => {
    expect(
      IssuerKeyReport.safeParse({ kid: NEW.kid, thumbprint: NEW.thumbprint, jwks_url: URL_ })
        .success,
    ).toBe(true);
    expect(VerifierTrustReport.safeParse(verifier('v', [OLD, NEW]).trust).success).toBe(true);
  });

  it.each([
    [
      'a public JWK in the issuer report',
      () => ({ kid: NEW.kid, thumbprint: NEW.thumbprint, jwks_url: URL_, ...NEW.jwk }),
      'x',
    ],
    [
      'a private "d" in the issuer report',
      () => ({ kid: NEW.kid, thumbprint: NEW.thumbprint, jwks_url: URL_, d: 'c2VjcmV0' }),
      'd',
    ],
    [
      'a JWK inside a trusted key',
      () => ({
        ...verifier('v', []).trust,
        keys: [{ kid: NEW.kid, thumbprint: NEW.thumbprint, jwk: NEW.jwk }],
      }),
      'keys.0.jwk',
    ],
    [
      'an RSA modulus inside a trusted key',
      () => ({
        ...verifier('v', []).trust,
        keys: [{ kid: NEW.kid, thumbprint: NEW.thumbprint, n: 'AQAB' }],
      }),
      'keys.0.n',
    ],
    ['a whole JWKS', () => ({ ...verifier('v', []).trust, jwks: { keys: [NEW.jwk] } }), 'jwks'],
  ])('refuses %s, naming the field', (_name, body, field) => {
    const schema =
      field.startsWith('keys') || field === 'jwks' ? VerifierTrustReport : IssuerKeyReport;
    const result = schema.safeParse(body());
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(field);
    expect(issue.message).toMatch(/key material/);
    expect(JSON.stringify(result.error!.issues)).not.toContain(String(NEW.jwk.x));
  });

  it.each([
    [{ kid: 'k', thumbprint: 'short', jwks_url: URL_ }, 'thumbprint'],
    [{ kid: 'k', thumbprint: 'A'.repeat(43), jwks_url: 'file:///etc/passwd' }, 'jwks_url'],
    [{ kid: '', thumbprint: 'A'.repeat(43), jwks_url: URL_ }, 'kid'],
  ])('refuses a malformed issuer report %j at %s', (body, field) => {
    const result = IssuerKeyReport.safeParse(body);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

describe('trustConsistency', () => {
  const CASES: {
    name: string;
    issuers: () => Issuer[];
    verifiers: () => Verifier[];
    status: string;
    missing: string[];
  }[] = [
    {
      name: 'consistent when every verifier trusts the current key',
      issuers: () => [issuer('i1', NEW)],
      verifiers: () => [verifier('v1', [OLD, NEW]), verifier('v2', [NEW])],
      status: 'consistent',
      missing: [],
    },
    {
      name: 'a verifier whose cache predates the rotation is named',
      issuers: () => [issuer('i1', NEW)],
      verifiers: () => [verifier('v1', [OLD, NEW]), verifier('v2', [OLD])],
      status: 'mismatch',
      missing: ['v2:2026-11:missing_kid'],
    },
    {
      name: 'two issuers mid-rotation: every verifier must trust both',
      issuers: () => [issuer('i1', OLD), issuer('i2', NEW)],
      verifiers: () => [verifier('v1', [OLD])],
      status: 'mismatch',
      missing: ['v1:2026-11:missing_kid'],
    },
    {
      name: 'a kid trusted with another key is a mismatch',
      issuers: () => [issuer('i1', NEW)],
      verifiers: () => [verifier('v1', [{ kid: NEW.kid, thumbprint: OLD.thumbprint }])],
      status: 'mismatch',
      missing: ['v1:2026-11:thumbprint_differs'],
    },
    {
      name: 'not comparable without verifiers',
      issuers: () => [issuer('i1', NEW)],
      verifiers: () => [],
      status: 'not_comparable',
      missing: [],
    },
  ];
  it.each(CASES)('$name', ({ issuers, verifiers, status, missing }) => {
    const result = trustConsistency(issuers(), verifiers(), NOW);
    expect(result.status).toBe(status);
    expect(
      result.mismatches.map((m) => `${m.verifier.instance}:${m.missing_kid}:${m.reason}`),
    ).toEqual(missing);
  });

  it('gives the cache age and when the verifier will refresh', () => {
    const [mismatch] = trustConsistency(
      [issuer('i1', NEW)],
      [verifier('v2', [OLD], 50)],
      NOW,
    ).mismatches;
    expect(mismatch).toMatchObject({
      verifier: { service: 'api', instance: 'v2' },
      issuer: { service: 'auth', instance: 'i1' },
      cache_age_seconds: 3000,
      refreshes_at: '2026-11-20T10:10:00.000Z',
    });
  });
});

describe('trustVerdict → diagnose', () => {
  it.each([
    ['published, not in the cache', () => [OLD, NEW], () => [OLD], 'stale_jwks'],
    ['published and cached', () => [OLD, NEW], () => [OLD, NEW], 'unexplained'],
    ['not published by the issuer', () => [OLD], () => [OLD], 'unknown_signer'],
  ] as const)('%s → %s', async (_name, published, cached, cause) => {
    const { diagnose } = await import('../../../lib/triage');
    const { trustVerdict } = await import('../../../lib/trust');
    const trust = trustVerdict(
      NEW.kid,
      published(),
      verifier('v2', [...cached()]).trust,
      'api/v2',
      NOW,
    );
    const diagnosis = diagnose({
      occurredAt: NOW,
      clockSkewSeconds: 60,
      service: 'api',
      tokenLength: 300,
      dotCount: 2,
      authorizationPresent: true,
      websocketProtocol: null,
      token: {
        kind: 'jws',
        problems: [],
        rawExp: NOW / 1000 + 600,
        iat: NOW / 1000 - 60,
        nbf: null,
      },
      signedBy: cause === 'unexplained' ? 'auth-es256' : null,
      resolver: null,
      trust,
    });
    expect(diagnosis.cause).toBe(cause);
    if (cause === 'stale_jwks')
      expect(diagnosis.detail).toContain(
        'fetched 3000 s ago, refreshes at 2026-11-20T10:10:00.000Z',
      );
  });
});
