import type { z } from 'zod';

// JWK members that are key material (public or private) or carry it: a report names keys by kid
// and RFC 7638 thumbprint only, so any of these anywhere refuses the whole report.
export const KEY_MATERIAL = new Set([
  'n',
  'e',
  'd',
  'p',
  'q',
  'dp',
  'dq',
  'qi',
  'oth',
  'x',
  'y',
  'k',
  'x5c',
  'jwk',
  'jwks',
  'pem',
  'key',
  'private_key',
  'public_key',
  'secret',
]);

const PEM = /-----BEGIN [A-Z0-9 ]*(KEY|CERTIFICATE)-----/;
// A JWK written out as JSON text: `"kty"` with a key member next to it.
const JWK_TEXT = /"kty"\s*:|"(d|k|n|x|y)"\s*:\s*"[A-Za-z0-9_-]{16,}/;
const BASE64 = /^[A-Za-z0-9+/_-]{40,}={0,2}$/;

/**
 * Why a string is (or encodes) key material — a PEM block, a JWK as JSON text, or either of those
 * base64/base64url encoded — or null. A thumbprint or a kid is none of these.
 */
export function keyMaterialInText(text: string): string | null {
  if (PEM.test(text)) return 'a PEM key or certificate';
  if (JWK_TEXT.test(text)) return 'a JWK (as JSON text)';
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) return null;
  const decoded = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(
    'latin1',
  );
  if (PEM.test(decoded)) return 'a base64-encoded PEM key';
  if (JWK_TEXT.test(decoded)) return 'a base64-encoded JWK';
  return null;
}

/** Adds one fatal issue per key-material member or string found anywhere in `value`. */
export function refuseKeyMaterial(
  value: unknown,
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (typeof value === 'string') {
    const found = keyMaterialInText(value);
    if (found)
      ctx.addIssue({
        code: 'custom',
        path,
        message: `holds ${found}: report only kid and thumbprint, never key material`,
        fatal: true,
      });
    return;
  }
  if (Array.isArray(value))
    return value.forEach((item, index) => refuseKeyMaterial(item, ctx, [...path, index]));
  if (!value || typeof value !== 'object') return;
  for (const [name, inner] of Object.entries(value)) {
    if (KEY_MATERIAL.has(name))
      ctx.addIssue({
        code: 'custom',
        path: [...path, name],
        message: `"${name}" is key material: report only kid and thumbprint`,
        fatal: true,
      });
    else refuseKeyMaterial(inner, ctx, [...path, name]);
  }
}
