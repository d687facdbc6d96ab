import { z } from 'zod';
import { refuseKeyMaterial } from './keyMaterial';

const kid = z.string().min(1).max(256);
/** RFC 7638 SHA-256 thumbprint, base64url without padding (jose calculateJwkThumbprint). */
const thumbprint = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{43}$/,
    'expected an RFC 7638 SHA-256 thumbprint (43 base64url characters)',
  );
const jwksUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const withoutKeyMaterial = <T extends z.ZodType>(schema: T) =>
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
