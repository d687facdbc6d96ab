import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { thumbprintFingerprint } from '../../../lib/keys/fingerprint';
import {
  decodeSecret,
  jwkMaterial,
  jwkSetMaterial,
  KeyLoadError,
  materialFromText,
  pemMaterial,
} from '../../../lib/keys/material';
import rfc7517 from '../../fixtures/rfc/rfc7517-appendix-b.json';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spkiPem = (key: { publicKey: KeyObject }) =>
  key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const RSA_SPKI = spkiPem(rsa);
const certificatePem = () => {
  const base64 = rfc7517.key.x5c[0];
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
};

function loadError(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyLoadError);
    return (error as Error).message;
  }
  throw new Error('expected a KeyLoadError');
}

describe('pemMaterial', () => {
  it('reads an SPKI RSA public key and keeps its text for the key-confusion check', () => {
    const material = pemMaterial(RSA_SPKI);
    expect(material).toMatchObject({ kind: 'RSA' });
    expect(material.key.type).toBe('public');
    expect(material.publicPems).toContain(RSA_SPKI);
    expect(material.publicPems).toContain(RSA_SPKI.trimEnd());
  });

  it.each([
    ['prime256v1', 'P-256'],
    ['secp384r1', 'P-384'],
    ['secp521r1', 'P-521'],
  ])('reads an EC public key on %s as curve %s', (namedCurve, crv) => {
    const ec = generateKeyPairSync('ec', { namedCurve });
    expect(pemMaterial(spkiPem(ec))).toMatchObject({ kind: 'EC', crv });
  });

  it('reads an Ed25519 public key as OKP', () => {
    expect(pemMaterial(spkiPem(generateKeyPairSync('ed25519')))).toMatchObject({
      kind: 'OKP',
      crv: 'Ed25519',
    });
  });

  it('reads a PKCS#1 RSA PUBLIC KEY and keeps both its text and the SPKI form', () => {
    const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const material = pemMaterial(pkcs1);
    expect(material.kind).toBe('RSA');
    expect(material.publicPems).toEqual(expect.arrayContaining([pkcs1, RSA_SPKI]));
  });

  it('reads a certificate (RFC 7517 Appendix B) as the key it certifies', async () => {
    const material = pemMaterial(certificatePem());
    expect(material.kind).toBe('RSA');
    const { kty, n, e } = rfc7517.key;
    expect(await thumbprintFingerprint(material.key)).toBe(
      `jwk-thumbprint:${await calculateJwkThumbprint({ kty, n, e })}`,
    );
    expect(material.publicPems).toContain(certificatePem());
    expect(new X509Certificate(certificatePem()).publicKey.equals(material.key)).toBe(true);
  });

  it('keeps only the public half of a private key, and never its text', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const material = pemMaterial(privatePem);
    expect(material.key.type).toBe('public');
    expect(material.publicPems.join('')).not.toContain('PRIVATE');
    expect(material.publicPems).toContain(RSA_SPKI);
  });

  it.each([
    [
      'text that is not a key',
      '-----BEGIN PUBLIC KEY-----\nbm9wZQ==\n-----END PUBLIC KEY-----\n',
      'the PEM text is not a supported public key, certificate or private key',
    ],
    ['an Ed448 key', spkiPem(generateKeyPairSync('ed448')), 'unsupported key type ed448'],
    [
      'a secp256k1 key',
      spkiPem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })),
      'unsupported EC curve secp256k1',
    ],
  ])('refuses %s', (_case, pem, message) => {
    expect(loadError(() => pemMaterial(pem))).toBe(message);
  });
});

describe('jwkMaterial', () => {
  it('keeps the kid and alg of a public JWK', () => {
    const jwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'PS256' };
    expect(jwkMaterial(jwk)).toMatchObject({ kind: 'RSA', kid: 'rsa-1', alg: 'PS256' });
  });

  it('imports only the public members of a private JWK', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const material = jwkMaterial({ ...ec.privateKey.export({ format: 'jwk' }), kid: 'ec-1' });
    expect(material).toMatchObject({ kind: 'EC', crv: 'P-256', kid: 'ec-1' });
    expect(material.key.type).toBe('public');
  });

  it('reads an oct JWK as its secret bytes', () => {
    const material = jwkMaterial({ kty: 'oct', k: 'AQIDBA', kid: 'hs-1', alg: 'HS256' });
    expect(material).toMatchObject({ kind: 'oct', kid: 'hs-1', alg: 'HS256', publicPems: [] });
    expect(material.secret).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it.each([
    ['an oct JWK without k', { kty: 'oct' }, 'an oct JWK needs "k"'],
    ['an unknown kty', { kty: 'XYZ' }, 'unsupported JWK kty "XYZ"'],
    [
      'an RSA JWK without n',
      { kty: 'RSA', e: 'AQAB', kid: 'broken' },
      'unsupported or invalid JWK (kty "RSA", kid "broken")',
    ],
  ])('refuses %s', (_case, jwk, message) => {
    expect(loadError(() => jwkMaterial(jwk))).toBe(message);
  });
});

describe('jwkSetMaterial', () => {
  const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });

  it('loads the usable keys, ignores encryption keys and says which keys it skipped', () => {
    const loaded = jwkSetMaterial({
      keys: [
        { ...ed, kid: 'ed-1' },
        { kty: 'XYZ' },
        { ...ed, kid: 'enc-1', use: 'enc' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hs' },
      ],
    });
    expect(loaded.keys.map((key) => key.kid)).toEqual(['ed-1', 'hs']);
    expect(loaded.skipped).toEqual(['keys[1]: unsupported JWK kty "XYZ"']);
  });

  it('reads a single JWK given without a set', () => {
    expect(jwkSetMaterial({ ...ed, kid: 'solo' }).keys.map((key) => key.kid)).toEqual(['solo']);
  });

  it.each([
    ['an empty set', { keys: [] }, 'the key set is empty'],
    [
      'a set with no usable key',
      { keys: [{ kty: 'XYZ' }] },
      'no usable key: keys[0]: unsupported JWK kty "XYZ"',
    ],
    ['"keys" that is not an array', { keys: {} }, '"keys" must be an array of JWKs'],
    ['JSON that is not an object', 'keys', 'expected a JWK or a JWK Set object'],
  ])('refuses %s', (_case, json, message) => {
    expect(loadError(() => jwkSetMaterial(json))).toBe(message);
  });
});

describe('materialFromText: recognised by content', () => {
  it('reads a PEM key from a file or a variable', () => {
    expect(materialFromText(`\n${RSA_SPKI}`, 'utf8', true).keys[0].kind).toBe('RSA');
    expect(materialFromText(RSA_SPKI, 'utf8', false).keys[0].kind).toBe('RSA');
  });

  it('reads a JWK or a JWK Set from a file', () => {
    const jwk = { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYg', kid: 'f' };
    expect(materialFromText(JSON.stringify(jwk), 'utf8', true).keys[0]).toMatchObject({
      kind: 'oct',
      kid: 'f',
    });
    expect(materialFromText(JSON.stringify({ keys: [jwk] }), 'utf8', true).keys).toHaveLength(1);
  });

  it('names a file that starts like JSON but is not', () => {
    expect(loadError(() => materialFromText('{"kty":', 'utf8', true))).toBe(
      'the file starts with "{" but is not valid JSON (expected a JWK or a JWK Set)',
    );
  });

  it('drops the one trailing line break of a file, but not of a variable', () => {
    expect(materialFromText('s3cret\n', 'utf8', true).keys[0].secret).toEqual(
      new TextEncoder().encode('s3cret'),
    );
    expect(materialFromText('s3cret\n', 'utf8', false).keys[0].secret).toEqual(
      new TextEncoder().encode('s3cret\n'),
    );
  });

  it('refuses an empty secret', () => {
    expect(loadError(() => materialFromText('', 'utf8', false))).toBe('the value is empty');
    expect(loadError(() => materialFromText('\n', 'utf8', true))).toBe('the value is empty');
  });
});

describe('decodeSecret', () => {
  it.each([
    ['utf8', 'héllo', '68c3a96c6c6f'],
    ['base64', 'c2VjcmV0', '736563726574'],
    ['base64', 'c2Vj\ncmV0', '736563726574'],
    ['base64', '+/8=', 'fbff'],
    ['base64url', '-_8', 'fbff'],
    ['hex', 'DEADbeef', 'deadbeef'],
    ['hex', 'de ad\nbe ef', 'deadbeef'],
  ] as const)('decodes %s %j', (encoding, text, hex) => {
    expect(Buffer.from(decodeSecret(text, encoding)).toString('hex')).toBe(hex);
  });

  it('keeps utf8 exactly, whitespace included', () => {
    expect(decodeSecret(' a ', 'utf8')).toEqual(new Uint8Array([0x20, 0x61, 0x20]));
  });

  it.each([
    ['hex', 'abc'],
    ['hex', 'zz'],
    ['base64', 'c2V*'],
    ['base64', 'c2Vj=cmV0'],
    ['base64url', 'c2V+'],
    ['base64url', 'c2Vj='],
  ] as const)('refuses %s %j instead of guessing', (encoding, text) => {
    expect(loadError(() => decodeSecret(text, encoding))).toBe(
      `the value is not valid ${encoding}`,
    );
  });

  // Bug: 5 base64 characters cannot encode whole bytes; Buffer silently drops the last one,
  // so a typo becomes a different secret instead of a load error.
  it.each([
    ['base64', 'c2VjcmV0a'],
    ['base64url', 'c2VjcmV0a'],
  ] as const)('refuses %s %j, a length no encoder produces', (encoding, text) => {
    expect(loadError(() => decodeSecret(text, encoding))).toBe(
      `the value is not valid ${encoding}`,
    );
  });
});
