import type { Finding, Stripped, Timing, TokenPart, VerificationRow } from '../jwt';

/** What a service of the fleet would do with the token (filled by the fleet view). */
export interface FleetVerdict {
  service: string;
  accepts: boolean | 'unknown';
  reason: string;
}

/** The inspection report (docs/openapi.json, InspectionReport). Holds no signature and never the token itself. */
export interface InspectionReport {
  normalized: { stripped: Stripped[]; length: number };
  structure: { kind: 'jws' | 'jwe' | 'malformed'; parts: TokenPart[]; problems: string[] };
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  /** A JWS payload that is not a JSON object, shown as text. */
  payload_text: string | null;
  timing: Timing | null;
  findings: Finding[];
  verification: VerificationRow[];
  verified_by: string[];
  fleet: { environment: string | null; services: FleetVerdict[] };
}
