import type { Generated } from 'kysely';
import type { FailureFields } from '../failures/types';
import type { FingerprintEvent, InstanceName, ResolvedKeyFacts } from '../fleet/instanceFields';

/**
 * Table types. Times are integer milliseconds since the epoch and booleans are 0/1, so SQLite and
 * PostgreSQL share one code path (the PostgreSQL pool parses int8 as a number, see database.ts).
 */
/** Stored as 0/1 (booleans), so SQLite and PostgreSQL share one code path. */
type FailureFlag = 'has_bearer_prefix' | 'authorization_present' | 'websocket_protocol_present';

/** The API's failure fields, with `user` renamed and the flags as 0/1. */
export interface FailuresTable
  extends Omit<FailureFields, 'user' | FailureFlag>, Record<FailureFlag, number | null> {
  seq: Generated<number>;
  event_id: string | null;
  occurred_at: number;
  received_at: number;
  /** `user` is reserved in PostgreSQL; the API calls it `user`. */
  user_name: string | null;
  token_exp: number | null;
  /** JSON of the token's non-personal claims (typ aud iat nbf), never `sub` or custom claims. */
  token_claims: string | null;
  raw: string;
  cause: string | null;
  cause_detail: string | null;
}

/**
 * Counts per minute and dimension combination, kept in the insert's transaction: stats over a
 * day read at most 1,440 × combinations rows instead of every event. Empty string stands for
 * "none" because NULLs never conflict in a unique index.
 */
export interface FailureRollupTable {
  minute: number;
  environment: string;
  service: string;
  error_code: string;
  signed_by: string;
  context: string;
  cause: string;
  count: number;
}

/**
 * Failures per minute and group key (lib/failures/groups, plus `context`), kept in the insert's
 * transaction; a null is stored as U+001E (see lib/store/groupRollup.ts).
 */
export interface FailureGroupRollupTable {
  minute: number;
  environment: string;
  service: string;
  cause: string;
  error_code: string;
  signed_by: string;
  resolved_key: string;
  context: string;
  count: number;
  first_at: number;
  last_at: number;
  last_seq: number;
}

/** Sign-ins, failed sign-ins, sign-outs and config reloads: names and addresses, never a secret. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  action: string;
  actor: string | null;
  peer: string | null;
  detail: string | null;
}

export interface FingerprintEventsTable extends Omit<FingerprintEvent, 'seq'> {
  seq: Generated<number>;
}

export interface FingerprintInstancesTable extends InstanceName, ResolvedKeyFacts {
  /** JSON of the reported lookup chain. */
  resolution: string | null;
  last_seen_at: number;
  changed_at: number;
  /** Failures its reporter dropped, summed over its reports (migration 0009); null: never said. */
  undelivered_failures: number | null;
}

export interface SessionsTable {
  id: string;
  viewer: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** One probe result (lib/probes): target × way of one run; `since` is when this state began. */
export interface ProbeResultsTable {
  seq: Generated<number>;
  run_id: string;
  at: number;
  environment: string;
  probe: string;
  target: string;
  kind: string;
  way: string;
  service: string | null;
  instance: string | null;
  url: string;
  outcome: string;
  status: number | null;
  close_code: number | null;
  reason: string | null;
  latency_ms: number | null;
  token_source: string;
  signed_by: string | null;
  since: number;
}

export interface AlertsTable {
  key: string;
  environment: string;
  kind: string;
  subject: string;
  /** JSON object of label names to values. */
  labels: string;
  summary: string;
  status: string;
  active_since: number;
  starts_at: number | null;
  ends_at: number | null;
  notified_at: number | null;
  silenced_until: number | null;
}

export interface AlertTransitionsTable {
  seq: Generated<number>;
  key: string;
  at: number;
  kind: string;
  summary: string;
}

export interface AlertOutboxTable {
  id: Generated<number>;
  transition_seq: number;
  key: string;
  destination: string;
  notification: string;
  /** pending, delivered, or silenced (muted when queued). */
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_result: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** Public-key fleets (migration 0010): the latest issuer key or verifier trust set per instance. */
export interface TrustReportsTable {
  environment: string;
  purpose: string;
  service: string;
  instance: string;
  role: 'issuer' | 'verifier';
  /** JSON of IssuerKeyReport or VerifierTrustReport (kids and thumbprints only). */
  report: string;
  reported_at: number;
}

export interface Database {
  failures: FailuresTable;
  failure_rollup: FailureRollupTable;
  failure_group_rollup: FailureGroupRollupTable;
  audit_log: AuditLogTable;
  fingerprint_events: FingerprintEventsTable;
  fingerprint_instances: FingerprintInstancesTable;
  sessions: SessionsTable;
  probe_results: ProbeResultsTable;
  alerts: AlertsTable;
  alert_transitions: AlertTransitionsTable;
  alert_outbox: AlertOutboxTable;
  trust_reports: TrustReportsTable;
}
