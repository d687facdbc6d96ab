import { compactVerify, errors } from 'jose';
import type { KeyObject } from 'node:crypto';
import { keyTypeFitsAlg, type KeyKind } from './algorithms';
import type { ParsedJws } from './parse';
import { mightVerify, signedBytes } from './prescreen';

export interface VerificationKey {
  keyId: string;
  environment: string;
  source: string;
  fingerprint: string;
  kind: KeyKind;
  crv?: string;
  kid?: string;
  /** The algorithm this key is pinned to (config `alg` or the JWK's), if any. */
  alg?: string;
  key: KeyObject;
}

export type FailureReason = 'alg_mismatch' | 'kid_mismatch' | 'bad_signature' | 'rejected';

export interface VerificationRow {
  key_id: string;
  environment: string;
  source: string;
  fingerprint: string;
  alg: string | null;
  kid: string | null;
  verified: boolean;
  /** Why it did not verify; null when it did. */
  reason: FailureReason | null;
}

/**
 * Checks the signature alone (docs/openapi.json, InspectionReport: an expired token must still name its signer),
 * over the bytes received. Never throws for a bad token: `rejected` is jose refusing the
 * combination (say, an RSA key under 2048 bits), `bad_signature` is a signature that does not match.
 */
export async function checkSignature(
  jws: ParsedJws,
  alg: string,
  key: KeyObject | CryptoKey | Uint8Array,
): Promise<SignatureCheck> {
  const crit = Array.isArray(jws.header.crit)
    ? jws.header.crit.filter((name): name is string => typeof name === 'string')
    : [];
  try {
    // Every crit name is "recognised" here: unsupported ones are reported as a finding instead.
    await compactVerify(jws.compact, key, {
      algorithms: [alg],
      crit: Object.fromEntries(crit.map((name) => [name, true])),
    });
    return 'verified';
  } catch (error) {
    return error instanceof errors.JWSSignatureVerificationFailed ? 'bad_signature' : 'rejected';
  }
}

export type SignatureCheck = 'verified' | 'bad_signature' | 'rejected';

/**
 * One row per keyring key whose type fits the token's `alg`; keys of other types are not tried.
 * Keys are screened in parallel with node:crypto, and jose has the last word on each match.
 */
export async function verifyAgainstKeys(
  jws: ParsedJws,
  keys: readonly VerificationKey[],
): Promise<VerificationRow[]> {
  const alg = typeof jws.header.alg === 'string' ? jws.header.alg : '';
  const kid = typeof jws.header.kid === 'string' ? jws.header.kid : undefined;
  const candidates = keys.filter((key) => keyTypeFitsAlg(key, alg));
  const screen = signedBytes(jws);
  return Promise.all(
    candidates.map(async (key): Promise<VerificationRow> => {
      const row: VerificationRow = {
        key_id: key.keyId,
        environment: key.environment,
        source: key.source,
        fingerprint: key.fingerprint,
        alg: key.alg ?? null,
        kid: key.kid ?? null,
        verified: false,
        reason: null,
      };
      if (key.alg && key.alg !== alg && !isEdDsaPair(key.alg, alg))
        return { ...row, reason: 'alg_mismatch' };
      const check = (await mightVerify(screen, alg, key.key))
        ? await checkSignature(jws, alg, key.key)
        : 'bad_signature';
      if (check === 'verified') return { ...row, verified: true };
      if (check === 'rejected') return { ...row, reason: 'rejected' };
      return {
        ...row,
        reason:
          kid !== undefined && key.kid !== undefined && key.kid !== kid
            ? 'kid_mismatch'
            : 'bad_signature',
      };
    }),
  );
}

/** "EdDSA" and "Ed25519" (RFC 9864) name the same signature for an Ed25519 key. */
function isEdDsaPair(a: string, b: string): boolean {
  const names = new Set([a, b]);
  return names.size === 2 && names.has('EdDSA') && names.has('Ed25519');
}
