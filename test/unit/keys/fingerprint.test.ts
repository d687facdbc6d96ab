import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { hmacFingerprint, parseFingerprint, sha256Fingerprint } from '../../../lib/keys';
import { thumbprintFingerprint } from '../../../lib/keys/fingerprint';
import { jwkMaterial } from '../../../lib/keys/material';
import rfc7638 from '../../fixtures/rfc/rfc7638-section-3.json';
import { loadTestKeyring, TEST_PEPPER } from './testKeyring';

const text = (value: string) => new TextEncoder().encode(value);

describe('fingerprint formats (docs/configuration.md, Fingerprints and weak keys)', () => {
  it('keys a secret as hmac-sha256/16: the first 16 hex chars of HMAC-SHA256(pepper, secret)', () => {
    // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e…
    expect(hmacFingerprint(text('Jefe'), text('what do ya want for nothing?'))).toBe(
      'hmac-sha256/16:5bdcc146bf60754e',
    );
  });

  it('gives the unkeyed form as sha256/16: the first 16 hex chars of SHA-256(secret)', () => {
    expect(sha256Fingerprint(text('abc'))).toBe('sha256/16:ba7816bf8f01cfea');
  });

  it('names a public key by its RFC 7638 thumbprint (Section 3.1 example)', async () => {
    const material = jwkMaterial(rfc7638.key);
    expect(await thumbprintFingerprint(material.key)).toBe(`jwk-thumbprint:${rfc7638.thumbprint}`);
  });

  it.each([
    ['EC P-384', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey],
    ['Ed25519', generateKeyPairSync('ed25519').publicKey],
  ])('thumbprints an %s key like jose does', async (_kind, publicKey) => {
    const expected = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
    expect(await thumbprintFingerprint(publicKey)).toBe(`jwk-thumbprint:${expected}`);
  });

  it('gives the same secret different keyed fingerprints under different peppers', () => {
    const secret = randomBytes(32);
    expect(hmacFingerprint(Buffer.alloc(32, 1), secret)).not.toBe(
      hmacFingerprint(Buffer.alloc(32, 2), secret),
    );
  });
});

describe('parseFingerprint', () => {
  it.each([
    ['hmac-sha256/16:5bdcc146bf60754e', { scheme: 'hmac-sha256/16', value: '5bdcc146bf60754e' }],
    ['sha256/16:E275DFC423D43D3E', { scheme: 'sha256/16', value: 'e275dfc423d43d3e' }],
    ['  SHA256/16:70610b56526d0480 ', { scheme: 'sha256/16', value: '70610b56526d0480' }],
    [
      `jwk-thumbprint:${rfc7638.thumbprint}`,
      { scheme: 'jwk-thumbprint', value: rfc7638.thumbprint },
    ],
  ])('reads %j', (fingerprint, parsed) => {
    expect(parseFingerprint(fingerprint)).toEqual(parsed);
  });

  it.each([
    'e275dfc423d43d3e',
    'sha256/16:e275dfc423d43d3',
    'sha256/16:e275dfc423d43d3e0',
    'sha1/16:e275dfc423d43d3e',
    'sha256/16:g275dfc423d43d3e',
    `jwk-thumbprint:${rfc7638.thumbprint.slice(1)}`,
    `jwk-thumbprint:${rfc7638.thumbprint.slice(1)}=`,
  ])('refuses %j', (fingerprint) => {
    expect(parseFingerprint(fingerprint)).toBeNull();
  });
});

describe('keyring fingerprints', () => {
  it('shows an oct key only in the keyed form, and a public key by thumbprint', async () => {
    const secret = 'a-staging-secret-long-enough-for-hs256-0001';
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    });
    const { keyring } = await loadTestKeyring({
      keys: [
        {
          id: 'staging-primary',
          environment: 'staging',
          from: 'env:JWT_SECRET_STAGING',
          alg: 'HS256',
        },
        { id: 'prod-ec', environment: 'production', jwk: ec },
      ],
      env: { JWT_SECRET_STAGING: secret },
    });
    const [staging, prod] = keyring.views();
    expect(staging.fingerprint).toBe(hmacFingerprint(TEST_PEPPER.bytes, text(secret)));
    expect(staging.fingerprint).toMatch(/^hmac-sha256\/16:[0-9a-f]{16}$/);
    expect(prod.fingerprint).toBe(`jwk-thumbprint:${await calculateJwkThumbprint(ec as JWK)}`);
    const shown = JSON.stringify(keyring.views());
    expect(shown).not.toContain(sha256Fingerprint(text(secret)).split(':')[1]);
    expect(shown).not.toContain(createHash('sha256').update(secret).digest('base64url'));
    expect(shown).not.toContain(secret);
  });
});
