import { calculateJwkThumbprint, type JWK } from 'jose';
import type { ResolvedSecret } from './resolve';

/** What a service of a public-key fleet (RS256, ES256, EdDSA) knows about its keys right now. */
export interface PublicKeyState {
  /** Issuers: the key it signs with now (a public or private JWK: only kid and thumbprint leave). */
  signing?: { jwk: JWK; jwksUrl: string };
  /** Verifiers: its JWKS cache now (the keys as fetched, when, and for how long it keeps them). */
  trust?: {
    jwksUrl: string;
    fetchedAt: Date;
    maxAgeSeconds: number;
    keys: readonly JWK[];
    /** The kid whose thumbprint is the report's fingerprint (default: the last key of the set). */
    currentKid?: string;
  };
  /** The JWS algorithm (default: the signing key's alg, else ES256). */
  algorithm?: string;
}

const named = async (jwk: JWK) => {
  if (!jwk.kid) throw new TypeError('every reported key needs a kid');
  return { kid: jwk.kid, thumbprint: await calculateJwkThumbprint(jwk, 'sha256') };
};

/**
 * The report of a public-key service, to pass to `reporter.reportFingerprint`: its keys named by
 * kid and RFC 7638 thumbprint only. The JWKs themselves — public or private — never leave it.
 */
export async function publicKeySource(state: PublicKeyState): Promise<ResolvedSecret> {
  if (!state.signing && !state.trust)
    throw new TypeError('report a signing key, a trust set, or both');
  const signing = state.signing
    ? { ...(await named(state.signing.jwk)), jwks_url: state.signing.jwksUrl }
    : undefined;
  const trusted = state.trust ? await Promise.all(state.trust.keys.map(named)) : [];
  const current =
    signing ?? trusted.find((key) => key.kid === state.trust?.currentKid) ?? trusted.at(-1);
  if (!current) throw new TypeError('the trust set is empty: report at least one key');
  const source = `jwks:${state.signing?.jwksUrl ?? state.trust!.jwksUrl}`;
  return {
    secret: '',
    source,
    resolution: [],
    publicKeys: {
      algorithm: state.algorithm ?? state.signing?.jwk.alg ?? 'ES256',
      fingerprint: `jwk-thumbprint:${current.thumbprint}`,
      length: undefined,
      ...(signing ? { signing } : {}),
      ...(state.trust
        ? {
            trust: {
              jwks_url: state.trust.jwksUrl,
              fetched_at: state.trust.fetchedAt.toISOString(),
              max_age_seconds: state.trust.maxAgeSeconds,
              keys: trusted,
            },
          }
        : {}),
    },
  };
}
