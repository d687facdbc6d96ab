import { importJWK, type JWK } from 'jose';
import { isHmacAlg } from './algorithms';
import type { ParsedJws } from './parse';
import { mightVerify, signedBytes, type SignedBytes } from './prescreen';
import { checkSignature } from './verify';

/** Something a forger could have signed with, named without its value. */
export interface NamedSecret {
  label: string;
  bytes: Uint8Array;
}

/** The first well-known secret that verifies this HS* token (finding `weak_secret`). */
export async function findWeakSigner(
  jws: ParsedJws,
  candidates: readonly NamedSecret[],
): Promise<NamedSecret | null> {
  const alg = jws.header.alg;
  if (typeof alg !== 'string' || !isHmacAlg(alg)) return null;
  const screen = signedBytes(jws);
  for (const candidate of candidates) {
    if (await confirmedHmac(jws, screen, alg, candidate.bytes)) return candidate;
  }
  return null;
}

export interface PublicKeyText {
  keyId: string;
  pems: readonly string[];
}

/**
 * Key confusion (finding `key_confusion`): an HS* token whose HMAC key is the text of a configured
 * public key. A server that hands its public PEM to a generic verify() accepts such a forgery.
 * This is the one place public-key text is used as HMAC bytes.
 */
export async function findKeyConfusion(
  jws: ParsedJws,
  publicKeys: readonly PublicKeyText[],
): Promise<string | null> {
  const alg = jws.header.alg;
  if (typeof alg !== 'string' || !isHmacAlg(alg)) return null;
  const screen = signedBytes(jws);
  for (const { keyId, pems } of publicKeys) {
    for (const pem of pems) {
      if (await confirmedHmac(jws, screen, alg, pem)) return keyId;
    }
  }
  return null;
}

async function confirmedHmac(
  jws: ParsedJws,
  screen: SignedBytes,
  alg: string,
  secret: Uint8Array | string,
): Promise<boolean> {
  if (!(await mightVerify(screen, alg, secret))) return false;
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  // jose refuses a zero-length HMAC key; node:crypto's exact HMAC comparison above is the answer
  // for the empty secret (a well-known weak one).
  if (bytes.length === 0) return true;
  return (await checkSignature(jws, alg, bytes)) === 'verified';
}

/** Whether the key embedded in the header (`jwk`) verifies the token: it signed itself. */
export async function embeddedJwkVerifies(jws: ParsedJws): Promise<boolean> {
  const { jwk, alg } = jws.header;
  if (typeof alg !== 'string' || typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    return false;
  try {
    const key = await importJWK(jwk as JWK, alg);
    return (await checkSignature(jws, alg, key)) === 'verified';
  } catch {
    return false;
  }
}
