import { constants, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { decodeBase64url } from './base64url';
import type { ParsedJws } from './parse';

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/**
 * Whether `key` can possibly have signed `jws`, checked with node:crypto directly. jose's
 * WebCrypto path costs ~100 µs per call, so trying 1,000 keys through it takes 100 ms; this
 * screen rules keys out in a few µs each, and jose confirms every key that passes.
 */
export async function mightVerify(
  screen: SignedBytes,
  alg: string,
  key: KeyObject | Uint8Array | string,
): Promise<boolean> {
  const { input, signature } = screen;
  if (signature.length === 0) return false;
  const hash = HASH[alg.slice(2)];
  try {
    if (alg.startsWith('HS')) {
      const mac = createHmac(hash, key as KeyObject | string)
        .update(input)
        .digest();
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    }
    const asymmetric = key as KeyObject;
    if (alg === 'EdDSA' || alg === 'Ed25519')
      return await verifyAsync(null, input, asymmetric, signature);
    if (alg.startsWith('ES'))
      return await verifyAsync(
        hash,
        input,
        { key: asymmetric, dsaEncoding: 'ieee-p1363' },
        signature,
      );
    if (alg.startsWith('PS')) {
      const options = {
        key: asymmetric,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      };
      return await verifyAsync(hash, input, options, signature);
    }
    if (alg.startsWith('RS')) return await verifyAsync(hash, input, asymmetric, signature);
  } catch {
    return false;
  }
  return false;
}

export interface SignedBytes {
  input: Buffer;
  signature: Uint8Array;
}

/** The signing input and signature bytes, decoded once per token rather than once per key. */
export function signedBytes(jws: ParsedJws): SignedBytes {
  const [header, payload, encodedSignature] = jws.compact.split('.');
  return {
    input: Buffer.from(`${header}.${payload}`),
    signature: decodeBase64url(encodedSignature) ?? new Uint8Array(0),
  };
}

type VerifyKey = Parameters<typeof verify>[2];

/** The callback form runs on libuv's thread pool, so many keys are checked on every core. */
function verifyAsync(
  hash: string | null,
  input: Buffer,
  key: VerifyKey,
  signature: Uint8Array,
): Promise<boolean> {
  return new Promise((resolve) => {
    verify(hash, input, key, signature, (error, valid) => resolve(!error && valid));
  });
}
