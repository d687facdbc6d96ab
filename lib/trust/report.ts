import { z } from 'zod';

// JWK members that are key material (public or private) or carry it: a report names keys by kid
// and RFC 7638 thumbprint only, so any of these anywhere refuses the whole report.
const KEY_MATERIAL = new Set([
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

const kid = z.string().min(1).max(256);
/** RFC 7638 SHA-256 thumbprint, base64url without padding (jose calculateJwkThumbprint). */
const thumbprint = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{43}$/,
    'expected an RFC 7638 SHA-256 thumbprint (43 base64url characters)',
  );
const jwksUrl = z.url({ protocol: /^https?$/ }).max(2048);

function refuseKeyMaterial(
  value: unknown,
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
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

const withoutKeyMaterial = <T extends z.ZodType>(schema: T) =>
  z
    .unknown()
    .superRefine((value, ctx) => refuseKeyMaterial(value, ctx))
    .pipe(schema);

/** An issuer's current signing key: the key it signs with now and where it publishes its JWKS. */
export const IssuerKeyReport = withoutKeyMaterial(
  z.strictObject({ kid, thumbprint, jwks_url: jwksUrl }),
);

/** A verifier's trust set: the keys in its JWKS cache now, when it fetched them and for how long. */
export const VerifierTrustReport = withoutKeyMaterial(
  z.strictObject({
    jwks_url: jwksUrl,
    fetched_at: z.iso.datetime({ offset: true }),
    /** The cache lifetime: it refetches at fetched_at + max_age_seconds (or on an unknown kid, if it does). */
    max_age_seconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400),
    keys: z.array(z.strictObject({ kid, thumbprint })).max(64),
  }),
);

export type IssuerKeyReport = z.infer<typeof IssuerKeyReport>;
export type VerifierTrustReport = z.infer<typeof VerifierTrustReport>;
