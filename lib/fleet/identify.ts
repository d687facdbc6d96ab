import { parseFingerprint } from '../keys/fingerprint';
import { findWeakSha256Fingerprint } from '../keys/weakSecrets';

/** A keyring key as the fleet view needs it: its id, environment and every form it can be reported in. */
export interface KnownKey {
  keyId: string;
  environment: string;
  /** Shown form: `hmac-sha256/16:` for secrets, `jwk-thumbprint:` for public keys. */
  fingerprint: string;
  /** Internal only: the unkeyed `sha256/16:` form of a secret, to match compatible reports. */
  sha256?: string;
}

/** What a reported fingerprint is, once reconciled with the keyring. */
export interface Identity {
  /** Grouping key: `key:<id>` when the keyring knows it, else the normalized fingerprint. */
  id: string;
  keyId: string | null;
  /** What pages may show. Never an unkeyed digest of a keyring secret, never a weak secret's digest. */
  display: string;
  scheme: 'hmac-sha256/16' | 'sha256/16' | 'jwk-thumbprint';
  unkeyed: boolean;
  weak: string | null;
}

/**
 * Reconciles a reported fingerprint with the keyring (docs/configuration.md, Fingerprints and weak keys): `sha256/16` and
 * `hmac-sha256/16` values of the same secret become one identity when the keyring holds it.
 * Only keys of the report's own environment count: matching another environment's key would let
 * anyone who can post a report test a guessed secret against every keyring key.
 */
export function identify(
  reported: string,
  environment: string,
  keys: readonly KnownKey[],
): Identity {
  const parsed = parseFingerprint(reported);
  const scheme = parsed?.scheme ?? 'sha256/16';
  const normalized = parsed ? `${parsed.scheme}:${parsed.value}` : reported;
  const key = keys.find(
    (candidate) =>
      candidate.environment === environment &&
      (candidate.fingerprint === normalized || candidate.sha256 === normalized),
  );
  const weakSecret =
    scheme === 'sha256/16' && parsed ? findWeakSha256Fingerprint(parsed.value) : undefined;
  const weak = weakSecret ? `${weakSecret.label}: rotate this secret` : null;
  if (key)
    return {
      id: `key:${key.keyId}`,
      keyId: key.keyId,
      display: key.fingerprint,
      scheme,
      unkeyed: false,
      weak,
    };
  return {
    id: normalized,
    keyId: null,
    display: weak ? 'weak secret — rotate' : normalized,
    scheme,
    unkeyed: scheme === 'sha256/16',
    weak,
  };
}
