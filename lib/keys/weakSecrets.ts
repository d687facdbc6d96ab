import { createHash } from 'node:crypto';

export interface WeakSecret {
  /** How the secret is named on pages: never the value itself, even for a public one. */
  label: string;
  bytes: Uint8Array;
}

const text = (value: string) => new TextEncoder().encode(value);
const b64url = (value: string) => new Uint8Array(Buffer.from(value, 'base64url'));

/**
 * Well-known example and default HMAC secrets. A token that verifies with one of them was signed
 * by anyone who read a tutorial (finding `weak_secret`); a keyring key equal to one is `weak`.
 */
export const WEAK_SECRETS: readonly WeakSecret[] = [
  { label: "jwt.io's sample secret (HS256)", bytes: text('your-256-bit-secret') },
  { label: "jwt.io's sample secret (HS384)", bytes: text('your-384-bit-secret') },
  { label: "jwt.io's sample secret (HS512)", bytes: text('your-512-bit-secret') },
  {
    label: "jwt.io's current sample secret (HS256)",
    bytes: text('a-string-secret-at-least-256-bits-long'),
  },
  // Verbatim from jwt.io's source (jsonwebtoken.github.io, src/features/common/values/default-tokens.values.ts).
  {
    label: "jwt.io's current sample secret (HS384)",
    bytes: text('a-valid-string-secret-that-is-at-least-384-bits-long'),
  },
  {
    label: "jwt.io's current sample secret (HS512)",
    bytes: text('a-valid-string-secret-that-is-at-least-512-bits-long-which-is-very-long'),
  },
  {
    label: 'the RFC 7515 Appendix A.1 example key',
    bytes: b64url(
      'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    ),
  },
  {
    label: 'the RFC 7520 §3.5 example key',
    bytes: b64url('hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg'),
  },
  { label: 'the empty string', bytes: new Uint8Array(0) },
  ...[
    'secret',
    'changeme',
    'change-me',
    'changeit',
    'password',
    'secretkey',
    'secret-key',
    'secret_key',
    'mysecret',
    'jwt_secret',
    'jwt-secret',
    'jwtsecret',
    'your_jwt_secret',
    'your-secret-key',
    'supersecret',
    'shhhhh',
    'keyboard cat',
    'test',
    'default',
    'key',
    '123456',
    'development',
    'dev-secret',
  ].map((value) => ({
    label: `a common default secret (${value.length} characters)`,
    bytes: text(value),
  })),
];

const sha256Hex16 = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const WEAK_BY_SHA256_16 = new Map(WEAK_SECRETS.map((weak) => [sha256Hex16(weak.bytes), weak]));

/** The well-known secret these bytes equal, if any. */
export function findWeakSecret(bytes: Uint8Array): WeakSecret | undefined {
  return WEAK_BY_SHA256_16.get(sha256Hex16(bytes));
}

/** The well-known secret behind an unkeyed `sha256/16:` value, if any (docs/configuration.md, Fingerprints and weak keys). */
export function findWeakSha256Fingerprint(hex16: string): WeakSecret | undefined {
  return WEAK_BY_SHA256_16.get(hex16.toLowerCase());
}
