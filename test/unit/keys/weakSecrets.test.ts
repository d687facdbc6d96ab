import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findWeakSecret, findWeakSha256Fingerprint } from '../../../lib/keys';
import { loadTestKeyring } from './testKeyring';

const RFC7515_A1_KEY =
  'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';

/** The `weak` label the keyring gives one secret, loaded from an env var with this alg pinned. */
async function weaknessOf(
  secret: string,
  options: { alg?: string; encoding?: string } = {},
): Promise<string | null> {
  const { keyring } = await loadTestKeyring({
    keys: [{ id: 'k', environment: 'staging', from: 'env:SECRET', ...options }],
    env: { SECRET: secret },
  });
  const [view] = keyring.views();
  expect(view.status).toBe('ok');
  return view.weak;
}

const ascii = (length: number) => 'x'.repeat(length);

describe('weak keyring secrets (RFC 7518 §3.2 and the well-known list)', () => {
  it.each([
    ['HS256', 31, 32],
    ['HS384', 47, 48],
    ['HS512', 63, 64],
  ])('marks an %s secret of %i bytes weak, and one of %i bytes not', async (alg, short, enough) => {
    expect(await weaknessOf(ascii(short), { alg })).toBe(
      `${short} bytes, shorter than ${enough} (RFC 7518 §3.2): rotate this secret`,
    );
    expect(await weaknessOf(ascii(enough), { alg })).toBeNull();
  });

  it('asks for 32 bytes when no alg is pinned', async () => {
    expect(await weaknessOf(ascii(31))).toMatch(/^31 bytes, shorter than 32/);
    expect(await weaknessOf(ascii(32))).toBeNull();
  });

  it('uses the alg of an oct JWK file', async () => {
    const k = randomBytes(48).toString('base64url');
    const { keyring } = await loadTestKeyring({
      keys: [{ id: 'k', environment: 'staging', from: 'file:hs512.jwk' }],
      files: { 'hs512.jwk': JSON.stringify({ kty: 'oct', k, alg: 'HS512' }) },
    });
    expect(keyring.views()[0].weak).toBe(
      '48 bytes, shorter than 64 (RFC 7518 §3.2): rotate this secret',
    );
  });

  it.each([
    ['your-256-bit-secret', {}, "jwt.io's sample secret (HS256): rotate this secret"],
    [
      'a-string-secret-at-least-256-bits-long',
      { alg: 'HS256' },
      "jwt.io's current sample secret (HS256): rotate this secret",
    ],
    ['your-512-bit-secret', { alg: 'HS512' }, "jwt.io's sample secret (HS512): rotate this secret"],
    ['changeme', {}, 'a common default secret (8 characters): rotate this secret'],
    [
      RFC7515_A1_KEY,
      { encoding: 'base64url' },
      'the RFC 7515 Appendix A.1 example key: rotate this secret',
    ],
  ])('marks the well-known %j weak, by name and never by value', async (secret, options, label) => {
    const weak = await weaknessOf(secret, options);
    expect(weak).toBe(label);
    expect(weak).not.toContain(secret);
  });

  it('does not mark a long random secret weak', async () => {
    expect(
      await weaknessOf(randomBytes(64).toString('base64url'), {
        alg: 'HS512',
        encoding: 'base64url',
      }),
    ).toBeNull();
  });
});

describe('findWeakSecret and findWeakSha256Fingerprint', () => {
  it('recognises the empty string and the jwt.io secrets, by bytes or by unkeyed fingerprint', () => {
    expect(findWeakSecret(new Uint8Array(0))?.label).toBe('the empty string');
    const hex16 = createHash('sha256').update('your-256-bit-secret').digest('hex').slice(0, 16);
    expect(findWeakSha256Fingerprint(hex16.toUpperCase())?.label).toBe(
      "jwt.io's sample secret (HS256)",
    );
  });

  it('does not recognise an unknown secret', () => {
    expect(findWeakSecret(randomBytes(32))).toBeUndefined();
    expect(findWeakSha256Fingerprint('0123456789abcdef')).toBeUndefined();
  });
});
