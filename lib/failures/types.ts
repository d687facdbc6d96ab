import type { StatsDimension } from './dimensions';

/** The normalized fields a failure has in every layer (ingest, wire), whatever their time format. */
export interface FailureFields {
  environment: string;
  service: string | null;
  instance: string | null;
  context: string | null;
  method: string | null;
  error_code: string | null;
  error_message: string | null;
  user: string | null;
  close_code: number | null;
  token_length: number | null;
  token_dot_count: number | null;
  token_prefix: string | null;
  token_suffix: string | null;
  has_bearer_prefix: boolean | null;
  authorization_present: boolean | null;
  websocket_protocol_present: boolean | null;
  websocket_protocol: string | null;
  token_sha256: string | null;
  token_alg: string | null;
  token_kid: string | null;
  token_iss: string | null;
  signed_by: string | null;
  /** The key the failing service resolved at ingest, and where it came from. */
  resolved_key: string | null;
  resolved_source: string | null;
}

/** A stored failure as GET /api/v1/failures returns it (snake_case, times in ISO 8601 UTC). */
export interface FailureItem extends FailureFields {
  id: string;
  occurred_at: string;
  received_at: string;
  token_exp: string | null;
  /** The diagnosed cause (docs/causes.md) and its one-line explanation. */
  cause: string | null;
  cause_detail: string | null;
}

export interface FailureDetail extends FailureItem {
  /** The token's non-personal claims (typ aud iat nbf) when a full token came. */
  token_claims: Record<string, unknown> | null;
  /** The request as received, every credential replaced by a redaction marker. */
  raw: unknown;
}

export interface FailurePage {
  items: FailureItem[];
  next_cursor: string | null;
}

export interface FailureStats {
  bucket: 'minute' | 'hour';
  by: StatsDimension;
  since: string;
  until: string;
  keys: string[];
  points: Array<{ t: string; counts: Record<string, number> }>;
}

/** The causes behind a set of failures, most frequent first (GET /api/v1/failures/causes). */
export interface CauseSummary {
  total: number;
  items: Array<{ cause: string; count: number; share: number; detail: string | null }>;
}

/** What an incident review counts over an environment and a window. */
export interface IncidentAggregates {
  total: number;
  first: number | null;
  last: number | null;
  services: Array<{ service: string | null; count: number }>;
  instances: Array<{ service: string | null; instance: string | null; count: number }>;
  users: Array<{ user: string; count: number }>;
  signerVsResolver: Array<{
    signed_by: string | null;
    service: string | null;
    resolved_key: string | null;
    resolved_source: string | null;
    count: number;
  }>;
}
