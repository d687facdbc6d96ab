import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identify, type KnownKey } from '../../../lib/fleet';

const PEPPER = Buffer.alloc(32, 3);
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const hmac = (secret: string) =>
  `hmac-sha256/16:${createHmac('sha256', PEPPER).update(secret).digest('hex').slice(0, 16)}`;

const SHARED = 'a-secret-configured-for-two-environments';
const KEYS: KnownKey[] = [
  {
    keyId: 'dev-shared',
    environment: 'development',
    fingerprint: hmac(SHARED),
    sha256: sha(SHARED),
  },
  {
    keyId: 'staging-shared',
    environment: 'staging',
    fingerprint: hmac(SHARED),
    sha256: sha(SHARED),
  },
  {
    keyId: 'prod-jwks',
    environment: 'production',
    fingerprint: `jwk-thumbprint:${'A'.repeat(43)}`,
  },
];

describe('identify', () => {
  it.each([
    ['unkeyed', sha(SHARED)],
    ['keyed', hmac(SHARED)],
    [
      'keyed, in capitals',
      hmac(SHARED).replace(/:(.*)$/, (_match, hex: string) => `:${hex.toUpperCase()}`),
    ],
  ])(
    'matches the %s form of a keyring secret to the key of the report environment',
    (_label, reported) => {
      expect(identify(reported, 'staging', KEYS)).toMatchObject({
        id: 'key:staging-shared',
        keyId: 'staging-shared',
        display: hmac(SHARED),
        unkeyed: false,
      });
    },
  );

  it.each([
    ['unkeyed', sha(SHARED)],
    ['keyed', hmac(SHARED)],
  ])(
    'never labels a %s report with a key of another environment (a guessed secret must not be confirmed)',
    (_label, reported) => {
      expect(identify(reported, 'production', KEYS)).toMatchObject({ keyId: null, id: reported });
    },
  );

  it('matches a public key by its thumbprint', () => {
    expect(identify(`jwk-thumbprint:${'A'.repeat(43)}`, 'production', KEYS)).toMatchObject({
      keyId: 'prod-jwks',
      scheme: 'jwk-thumbprint',
    });
  });

  it('shows an unmatched unkeyed value as unkeyed, and an unmatched keyed one as is', () => {
    expect(identify(sha('not-in-the-keyring-at-all'), 'staging', KEYS)).toMatchObject({
      keyId: null,
      display: sha('not-in-the-keyring-at-all'),
      unkeyed: true,
      weak: null,
    });
    expect(identify(hmac('not-in-the-keyring-at-all'), 'staging', KEYS)).toMatchObject({
      keyId: null,
      display: hmac('not-in-the-keyring-at-all'),
      unkeyed: false,
    });
  });

  it('names a well-known weak secret without showing its digest', () => {
    const identity = identify(sha('your-256-bit-secret'), 'staging', KEYS);
    expect(identity.display).toBe('weak secret — rotate');
    expect(identity.weak).toContain('rotate this secret');
    expect(identity.weak).not.toContain(sha('your-256-bit-secret').slice(10));
  });
});
