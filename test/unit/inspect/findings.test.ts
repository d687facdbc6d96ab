import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINDING_CODES, type FindingCode } from '../../../lib/jwt';
import type { Keyring } from '../../../lib/keys';
import { b64url, compact, hmacJwt, hmacSignature, hmacToken, segment } from '../jwt/craft';
import { loadTestKeyring } from '../keys/testKeyring';
import { codesOf, inspectAt, NOW_S } from './inspectAt';

const STAGING_SECRET = `staging-${randomBytes(24).toString('hex')}`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const OUTSIDER_PEM = generateKeyPairSync('ed25519')
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const RFC7515_A1_KEY = Buffer.from(
  'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
  'base64url',
);

let keyring: Keyring;
let prodEc: { privateKey: CryptoKey; jwk: JWK; pem: string };
let attacker: { privateKey: CryptoKey; jwk: JWK };

beforeAll(async () => {
  const ec = await generateKeyPair('ES256', { extractable: true });
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'prod-ec-1' };
  prodEc = {
    privateKey: ec.privateKey,
    jwk: ecJwk,
    pem: createPublicKey({ key: ecJwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString(),
  };
  const evil = await generateKeyPair('ES256', { extractable: true });
  attacker = { privateKey: evil.privateKey, jwk: await exportJWK(evil.publicKey) };
  ({ keyring } = await loadTestKeyring({
    keys: [
      {
        id: 'staging-primary',
        environment: 'staging',
        from: 'env:JWT_SECRET_STAGING',
        alg: 'HS256',
      },
      { id: 'prod-rsa', environment: 'production', from: 'file:prod-rsa.pem' },
      { id: 'prod-ec', environment: 'production', jwk: ecJwk },
    ],
    env: { JWT_SECRET_STAGING: STAGING_SECRET },
    files: { 'prod-rsa.pem': RSA_PEM },
  }));
});

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  iat: NOW_S - 60,
  exp: NOW_S + 3600,
  ...extra,
});
/** A good token from the staging key: every example below changes one thing about it. */
const staging = (header: Record<string, unknown> = {}, body: unknown = claims()) =>
  hmacJwt({ alg: 'HS256', typ: 'JWT', ...header }, body, STAGING_SECRET);
const noExp = () => ({ sub: 'user-1', iat: NOW_S - 60 });
const withoutSignature = (token: string) => token.slice(0, token.lastIndexOf('.') + 1);

/** The staging token with its payload in the standard base64 alphabet ('+' '/'), re-signed over those bytes. */
function standardAlphabetToken(): string {
  for (let shift = 0; shift < 3; shift++) {
    const payload = b64url(
      JSON.stringify({ pad: 'x'.repeat(shift), sub: '???>>>', exp: NOW_S + 3600 }),
    );
    if (!/[-_]/.test(payload)) continue;
    const input = `${segment({ alg: 'HS256' })}.${payload.replace(/-/g, '+').replace(/_/g, '/')}`;
    return `${input}.${hmacSignature(input, 'HS256', STAGING_SECRET)}`;
  }
  throw new Error('no alignment put a - or _ in the payload');
}

/** The staging token with spare bits set in the last signature character (43 chars carry 32 bytes + 2 bits). */
function trailingBitsToken(): string {
  const token = staging();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token.at(-1)!);
  return token.slice(0, -1) + alphabet[last | 0b01];
}

const sign = (key: CryptoKey, header: Record<string, unknown>, body = claims()) =>
  new SignJWT(body).setProtectedHeader({ alg: 'ES256', ...header }).sign(key);

interface Example {
  code: FindingCode;
  example: string;
  token: () => string | Promise<string>;
  nearMiss: { what: string; token: () => string | Promise<string> };
}

const fine = { what: 'the same token done right', token: () => staging() };

const EXAMPLES: Example[] = [
  {
    code: 'malformed',
    example: 'two parts',
    token: () => 'eyJhbGciOiJIUzI1NiJ9.e30',
    nearMiss: fine,
  },
  {
    code: 'malformed',
    example: 'a header that is not JSON',
    token: () => `${b64url('{"alg":')}.${segment(claims())}.c2ln`,
    nearMiss: fine,
  },
  {
    code: 'jwe',
    example: 'an encrypted token',
    token: () =>
      [
        segment({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }),
        b64url(randomBytes(256)),
        b64url(randomBytes(12)),
        b64url(randomBytes(64)),
        b64url(randomBytes(16)),
      ].join('.'),
    nearMiss: fine,
  },
  {
    code: 'bearer_prefix',
    example: 'a pasted "Bearer …" value',
    token: () => `Bearer ${staging()}`,
    nearMiss: fine,
  },
  {
    code: 'whitespace',
    example: 'a token wrapped over two lines',
    token: () => staging().replace('.', '.\n'),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: '"alg": "none"',
    token: () => compact('{"alg":"none"}', JSON.stringify(claims()), ''),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: '"alg": "None"',
    token: () => compact('{"alg":"None"}', JSON.stringify(claims()), ''),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: '"alg": "NONE"',
    token: () => compact('{"alg":"NONE"}', JSON.stringify(claims()), ''),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: '"alg": "nOnE" with a signature',
    token: () => compact('{"alg":"nOnE"}', JSON.stringify(claims()), 'c2lnbmF0dXJl'),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: 'an HS256 token with its signature removed',
    token: () => withoutSignature(staging()),
    nearMiss: fine,
  },
  {
    code: 'alg_none',
    example: 'an HS256 token whose signature is only padding',
    token: () => `${withoutSignature(staging())}==`,
    nearMiss: fine,
  },
  {
    code: 'alg_mismatch',
    example: 'an HS384 token for a key pinned to HS256',
    token: () => hmacJwt({ alg: 'HS384' }, claims(), STAGING_SECRET),
    nearMiss: {
      what: 'HS256, as pinned',
      token: () => hmacJwt({ alg: 'HS256' }, claims(), STAGING_SECRET),
    },
  },
  {
    code: 'expired',
    example: 'exp an hour ago',
    token: () => staging({}, claims({ exp: NOW_S - 3600 })),
    nearMiss: {
      what: 'exp 30 s ago, inside the 60 s skew',
      token: () => staging({}, claims({ exp: NOW_S - 30 })),
    },
  },
  {
    code: 'not_yet_valid',
    example: 'nbf in an hour',
    token: () => staging({}, claims({ nbf: NOW_S + 3600 })),
    nearMiss: {
      what: 'nbf in 30 s, inside the skew',
      token: () => staging({}, claims({ nbf: NOW_S + 30 })),
    },
  },
  {
    code: 'issued_in_future',
    example: 'iat in an hour',
    token: () => staging({}, claims({ iat: NOW_S + 3600, exp: NOW_S + 7200 })),
    nearMiss: {
      what: 'iat in 30 s, inside the skew',
      token: () => staging({}, claims({ iat: NOW_S + 30 })),
    },
  },
  {
    code: 'missing_exp',
    example: 'no exp claim',
    token: () => staging({}, noExp()),
    nearMiss: fine,
  },
  {
    code: 'long_lifetime',
    example: 'exp − iat of 25 h',
    token: () => staging({}, claims({ iat: NOW_S, exp: NOW_S + 25 * 3600 })),
    nearMiss: {
      what: 'exactly 24 h',
      token: () => staging({}, claims({ iat: NOW_S, exp: NOW_S + 24 * 3600 })),
    },
  },
  {
    code: 'kid_unknown',
    example: 'a kid no key has',
    token: () => staging({ kid: 'rotated-away-2025' }),
    nearMiss: { what: 'a kid the keyring has', token: () => staging({ kid: 'prod-ec-1' }) },
  },
  ...[
    '../../../dev/null',
    "x' OR '1'='1",
    'key; rm -rf /',
    'key|whoami',
    '$(id)',
    'key\u0000',
    'k1 UNION SELECT password FROM users',
    '"quoted"',
    'a\\b',
  ].map((kid): Example => ({
    code: 'kid_suspicious',
    example: `kid ${JSON.stringify(kid)}`,
    token: () => staging({ kid }),
    nearMiss: {
      what: 'kid "staging-2026.01_a:v2"',
      token: () => staging({ kid: 'staging-2026.01_a:v2' }),
    },
  })),
  {
    code: 'kid_suspicious',
    example: 'a kid that is a number',
    token: () => staging({ kid: 7 }),
    nearMiss: fine,
  },
  {
    code: 'header_jku',
    example: 'a jku header',
    token: () => staging({ jku: 'https://attacker.example/jwks.json' }),
    nearMiss: fine,
  },
  {
    code: 'header_x5u',
    example: 'an x5u header',
    token: () => staging({ x5u: 'https://attacker.example/cert.pem' }),
    nearMiss: fine,
  },
  {
    code: 'header_jwk',
    example: 'an embedded key that did not sign',
    token: () => staging({ jwk: attacker.jwk }),
    nearMiss: fine,
  },
  {
    code: 'header_jwk',
    example: 'an embedded key that signed the token itself',
    token: () => sign(attacker.privateKey, { jwk: attacker.jwk }),
    nearMiss: {
      what: 'an ES256 token from a configured key',
      token: () => sign(prodEc.privateKey, { kid: 'prod-ec-1' }),
    },
  },
  {
    code: 'crit_unsupported',
    example: 'crit naming an extension nobody implements',
    token: () =>
      staging({
        crit: ['http://example.invalid/UNDEFINED'],
        'http://example.invalid/UNDEFINED': true,
      }),
    nearMiss: {
      what: 'crit ["b64"], which authscope understands',
      token: () => staging({ b64: true, crit: ['b64'] }),
    },
  },
  {
    code: 'crit_unsupported',
    example: 'crit that is not a list of strings',
    token: () => staging({ crit: [42] }),
    nearMiss: fine,
  },
  {
    code: 'key_confusion',
    example: 'HS256 keyed with the configured RSA public key PEM',
    token: () => hmacJwt({ alg: 'HS256' }, claims(), RSA_PEM),
    nearMiss: {
      what: 'HS256 keyed with the PEM of a key not in the keyring',
      token: () => hmacJwt({ alg: 'HS256' }, claims(), OUTSIDER_PEM),
    },
  },
  {
    code: 'key_confusion',
    example: 'HS512 keyed with the PEM without its final line break',
    token: () => hmacJwt({ alg: 'HS512' }, claims(), RSA_PEM.trimEnd()),
    nearMiss: fine,
  },
  {
    code: 'key_confusion',
    example: 'HS384 keyed with the PEM copied with CRLF line ends',
    token: () => hmacJwt({ alg: 'HS384' }, claims(), RSA_PEM.replace(/\r?\n/g, '\r\n')),
    nearMiss: fine,
  },
  {
    code: 'key_confusion',
    example: 'HS256 keyed with the SPKI PEM of a key configured as a JWK',
    token: () => hmacJwt({ alg: 'HS256' }, claims(), prodEc.pem),
    nearMiss: fine,
  },
  {
    code: 'encoding_noncanonical',
    example: 'a padded signature',
    token: () => `${staging()}=`,
    nearMiss: fine,
  },
  {
    code: 'encoding_noncanonical',
    example: 'a payload in the standard base64 alphabet',
    token: standardAlphabetToken,
    nearMiss: fine,
  },
  {
    code: 'encoding_noncanonical',
    example: 'non-zero trailing bits in the signature',
    token: trailingBitsToken,
    nearMiss: fine,
  },
  {
    code: 'duplicate_member',
    example: 'sub twice in the claims',
    token: () =>
      hmacToken(
        '{"alg":"HS256"}',
        `{"sub":"alice","sub":"admin","exp":${NOW_S + 3600}}`,
        STAGING_SECRET,
      ),
    nearMiss: {
      what: 'the same name in two nested objects',
      token: () =>
        hmacToken(
          '{"alg":"HS256"}',
          `{"a":{"sub":1},"b":{"sub":2},"exp":${NOW_S + 3600}}`,
          STAGING_SECRET,
        ),
    },
  },
  {
    code: 'duplicate_member',
    example: 'alg twice in the header, once escaped',
    token: () =>
      hmacToken('{"alg":"HS256","\\u0061lg":"HS256"}', JSON.stringify(claims()), STAGING_SECRET),
    nearMiss: fine,
  },
  {
    code: 'exp_in_milliseconds',
    example: 'a 13-digit exp',
    token: () => staging({}, claims({ exp: (NOW_S + 3600) * 1000 })),
    nearMiss: {
      what: 'the same exp in seconds',
      token: () => staging({}, claims({ exp: NOW_S + 3600 })),
    },
  },
  ...[
    ['HS256', "jwt.io's sample secret", 'your-256-bit-secret'],
    ['HS256', "jwt.io's current sample secret", 'a-string-secret-at-least-256-bits-long'],
    ['HS512', "jwt.io's HS512 sample secret", 'your-512-bit-secret'],
    ['HS256', '"secret"', 'secret'],
    ['HS384', '"changeme"', 'changeme'],
    ['HS256', 'the RFC 7515 A.1 example key', RFC7515_A1_KEY],
  ].map(([alg, what, secret]): Example => ({
    code: 'weak_secret',
    example: `${alg} signed with ${what}`,
    token: () => hmacJwt({ alg }, claims(), secret),
    nearMiss: { what: 'a random secret', token: () => hmacJwt({ alg }, claims(), randomBytes(64)) },
  })),
  {
    code: 'no_key_verifies',
    example: 'an HS256 token signed with an unknown secret',
    token: () => hmacJwt({ alg: 'HS256' }, claims(), randomBytes(32)),
    nearMiss: fine,
  },
  {
    code: 'no_key_verifies',
    example: 'an alg no configured key fits',
    token: () => compact('{"alg":"ES512"}', JSON.stringify(claims()), b64url(randomBytes(132))),
    nearMiss: fine,
  },
];

describe('findings: every code, from a real token', () => {
  it('has an example for every finding code', () => {
    expect(new Set(EXAMPLES.map((example) => example.code))).toEqual(new Set(FINDING_CODES));
  });

  it.each(EXAMPLES.map((example) => [`${example.code} for ${example.example}`, example] as const))(
    'reports %s',
    async (_name, { code, token }) => {
      const report = await inspectAt(await token(), keyring);
      expect(codesOf(report)).toContain(code);
    },
  );

  const nearMisses = EXAMPLES.map(
    (example) =>
      [
        `${example.code} for ${example.nearMiss.what} (near miss of ${example.example})`,
        example,
      ] as const,
  );
  it.each(nearMisses)('does not report %s', async (_name, { code, nearMiss }) => {
    const report = await inspectAt(await nearMiss.token(), keyring);
    expect(codesOf(report)).not.toContain(code);
  });
});

describe('findings: what they say', () => {
  const findingOf = async (token: string, code: FindingCode) =>
    (await inspectAt(token, keyring)).findings.find((finding) => finding.code === code);

  it('raises header_jwk to an error when the embedded key signed the token itself', async () => {
    expect((await findingOf(staging({ jwk: attacker.jwk }), 'header_jwk'))?.severity).toBe(
      'warning',
    );
    expect(
      (await findingOf(await sign(attacker.privateKey, { jwk: attacker.jwk }), 'header_jwk'))
        ?.severity,
    ).toBe('error');
  });

  it('names the public key a key-confusion forgery used, and does not count it as verified', async () => {
    const report = await inspectAt(hmacJwt({ alg: 'HS256' }, claims(), RSA_PEM), keyring);
    expect(report.findings.find((finding) => finding.code === 'key_confusion')?.message).toContain(
      '"prod-rsa"',
    );
    expect(report.verified_by).toEqual([]);
  });

  it('names a weak secret by its label, never by its value', async () => {
    const finding = await findingOf(
      hmacJwt({ alg: 'HS256' }, claims(), 'your-256-bit-secret'),
      'weak_secret',
    );
    expect(finding).toMatchObject({
      severity: 'error',
      message: expect.stringContaining("jwt.io's sample secret (HS256)"),
    });
    expect(finding?.message).not.toContain('your-256-bit-secret');
  });

  it('makes no_key_verifies an error when a well-known secret verifies instead', async () => {
    expect(
      (await findingOf(hmacJwt({ alg: 'HS256' }, claims(), 'secret'), 'no_key_verifies'))?.severity,
    ).toBe('error');
    expect(
      (await findingOf(hmacJwt({ alg: 'HS256' }, claims(), randomBytes(32)), 'no_key_verifies'))
        ?.severity,
    ).toBe('warning');
  });

  it('says which key pinned another alg', async () => {
    const report = await inspectAt(hmacJwt({ alg: 'HS384' }, claims(), STAGING_SECRET), keyring);
    expect(report.verification).toEqual([
      expect.objectContaining({
        key_id: 'staging-primary',
        verified: false,
        reason: 'alg_mismatch',
        alg: 'HS256',
      }),
    ]);
    expect(report.findings.find((finding) => finding.code === 'alg_mismatch')?.message).toContain(
      'staging-primary (HS256)',
    );
  });

  it('names each non-canonical part and what is wrong with it', async () => {
    expect((await findingOf(`${staging()}=`, 'encoding_noncanonical'))?.message).toContain(
      'signature (padding)',
    );
    expect((await findingOf(standardAlphabetToken(), 'encoding_noncanonical'))?.message).toContain(
      'payload (non base64url characters)',
    );
  });

  it('reports nothing at all for a good token from a configured key', async () => {
    expect(codesOf(await inspectAt(staging(), keyring))).toEqual([]);
    expect(
      codesOf(await inspectAt(await sign(prodEc.privateKey, { kid: 'prod-ec-1' }), keyring)),
    ).toEqual([]);
  });

  // Bug (lib/jwt/attacks.ts, findWeakSigner): the empty string is on the well-known list, but the
  // confirming jose verify refuses a zero-length HMAC key ('rejected'), so it is never reported.
  it('reports weak_secret for a token signed with the empty string', async () => {
    expect(
      (await findingOf(hmacJwt({ alg: 'HS256' }, claims(), ''), 'weak_secret'))?.message,
    ).toContain('the empty string');
  });
});
