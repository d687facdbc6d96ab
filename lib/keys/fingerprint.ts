import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/**
 * docs/configuration.md, Fingerprints and weak keys: symmetric secrets are shown only keyed (HMAC with the pepper), since an
 * unkeyed digest of a secret is a dictionary oracle; public keys by their RFC 7638 thumbprint.
 */
export function hmacFingerprint(pepper: Uint8Array, secret: Uint8Array): string {
  return `hmac-sha256/16:${createHmac('sha256', pepper).update(secret).digest('hex').slice(0, 16)}`;
}

/** The compatible unkeyed form: used to match service reports, never shown for keyring keys. */
export function sha256Fingerprint(secret: Uint8Array): string {
  return `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

export async function thumbprintFingerprint(publicKey: KeyObject): Promise<string> {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return `jwk-thumbprint:${await calculateJwkThumbprint(jwk, 'sha256')}`;
}

export type FingerprintScheme = 'hmac-sha256/16' | 'sha256/16' | 'jwk-thumbprint';

export interface ParsedFingerprint {
  scheme: FingerprintScheme;
  value: string;
}

/** Splits "scheme:value"; null for anything else. */
export function parseFingerprint(text: string): ParsedFingerprint | null {
  const match =
    /^(hmac-sha256\/16|sha256\/16):([0-9a-f]{16})$|^(jwk-thumbprint):([A-Za-z0-9_-]{43})$/i.exec(
      text.trim(),
    );
  if (!match) return null;
  if (match[3]) return { scheme: 'jwk-thumbprint', value: match[4] };
  return { scheme: match[1].toLowerCase() as FingerprintScheme, value: match[2].toLowerCase() };
}
