import { z } from 'zod';
import { formatPath } from '../config';
import { containsToken } from '../jwt/tokenScan';
import { parseFingerprint } from '../keys/fingerprint';
import { reportedTime } from '../time/range';
import { IssuerKeyReport, VerifierTrustReport, withoutKeyMaterial } from '../trust/report';

// A service printing its lookup chain may print the token it holds too: a report carrying one is
// refused whole, so no token reaches the fleet views or the disk.
const withoutToken = <T extends z.ZodString>(schema: T) =>
  schema.refine((text) => !containsToken(text), {
    message: 'holds a token (JWT-shaped text): report where the secret came from, never a token',
  });

const name = withoutToken(z.string().min(1).max(128));

const fingerprint = z
  .string()
  .max(128)
  .refine((value) => parseFingerprint(value) !== null, {
    message:
      'expected "hmac-sha256/16:<16 hex>", "sha256/16:<16 hex>" or "jwk-thumbprint:<43 base64url>"',
  });

export const ResolutionStep = z.object({
  source: withoutToken(z.string().min(1).max(256)),
  present: z.boolean(),
  fingerprint: fingerprint.optional(),
});

/** The fingerprint report (docs/integrating.md, The report): what a service says it resolved, and the chain that got it there. */
export const FingerprintReport = z.object({
  environment: name,
  service: name,
  instance: name,
  purpose: name.default('access-token'),
  algorithm: withoutToken(z.string().max(32)).optional(),
  fingerprint,
  source: withoutToken(z.string().max(256)).optional(),
  version: z
    .union([withoutToken(z.string().max(128)), z.number()])
    .transform(String)
    .optional(),
  resolution: z.array(ResolutionStep).max(32).optional(),
  length: z.number().int().min(0).max(1_000_000).optional(),
  reported_at: reportedTime.optional(),
  /** Failures the reporter dropped since its last accepted report (lib/reporter's bounded queue). */
  undelivered_failures: z.number().int().min(0).optional(),
  /** Public-key fleets (lib/trust): the key an issuer signs with now, by kid and thumbprint. */
  signing: IssuerKeyReport.optional(),
  /** Public-key fleets: the keys a verifier's JWKS cache holds now. */
  trust: VerifierTrustReport.optional(),
});

export type ResolutionStep = z.infer<typeof ResolutionStep>;
export type FingerprintReport = z.infer<typeof FingerprintReport>;

/** Where a report or batch came from: its parse issues carry the JSON path of each problem. */
export type ParsedReports =
  | { ok: true; reports: FingerprintReport[] }
  | { ok: false; issues: Array<{ path: string; message: string }> };

// Key material anywhere in a report (a JWK member, PEM, a JWK in base64) refuses it whole (lib/trust).
const Report = withoutKeyMaterial(FingerprintReport);
const Batch = z.object({ reports: z.array(Report).min(1).max(1000) });
const List = z.array(Report).min(1).max(1000);

/** One report, `{reports: […]}` (up to 1,000) or, from a polled target, a bare list. */
export function parseFingerprintInput(input: unknown): ParsedReports {
  const isBatch =
    typeof input === 'object' && input !== null && !Array.isArray(input) && 'reports' in input;
  const result = isBatch
    ? Batch.transform((batch) => batch.reports).safeParse(input)
    : Array.isArray(input)
      ? List.safeParse(input)
      : Report.transform((report) => [report]).safeParse(input);
  if (result.success) return { ok: true, reports: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}
