import type { Insertable, Selectable } from 'kysely';
import type { FailureDetail, FailureItem } from '../failures/types';
import type { NormalizedFailure } from '../failures/normalize';
import type { FailuresTable } from './schema';
import { isoOrNull } from '../time/range';

type FailureRow = Selectable<FailuresTable>;

const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);
const bool = (value: number | null) => (value === null ? null : value !== 0);
// A row written before times were range-checked must still read: a bad time reads as null.
const iso = isoOrNull;
const EPOCH = new Date(0).toISOString();

export function toRow(failure: NormalizedFailure): Insertable<FailuresTable> {
  return {
    event_id: failure.event_id,
    occurred_at: failure.occurred_at,
    received_at: failure.received_at,
    environment: failure.environment,
    service: failure.service,
    instance: failure.instance,
    context: failure.context,
    method: failure.method,
    error_code: failure.error_code,
    error_message: failure.error_message,
    user_name: failure.user,
    close_code: failure.close_code,
    token_length: failure.token_length,
    token_dot_count: failure.token_dot_count,
    token_prefix: failure.token_prefix,
    token_suffix: failure.token_suffix,
    has_bearer_prefix: flag(failure.has_bearer_prefix),
    authorization_present: flag(failure.authorization_present),
    websocket_protocol_present: flag(failure.websocket_protocol_present),
    websocket_protocol: failure.websocket_protocol,
    token_sha256: failure.token_sha256,
    token_alg: failure.token_alg,
    token_kid: failure.token_kid,
    token_iss: failure.token_iss,
    token_exp: failure.token_exp,
    token_claims: failure.token_claims ? JSON.stringify(failure.token_claims) : null,
    signed_by: failure.signed_by,
    raw: JSON.stringify(failure.raw),
    cause: failure.cause,
    cause_detail: failure.cause_detail,
    resolved_key: failure.resolved_key,
    resolved_source: failure.resolved_source,
  };
}

/** The columns a list needs: everything but the raw JSON. */
export const ITEM_COLUMNS = [
  'seq',
  'occurred_at',
  'received_at',
  'environment',
  'service',
  'instance',
  'context',
  'method',
  'error_code',
  'error_message',
  'user_name',
  'close_code',
  'token_length',
  'token_dot_count',
  'token_prefix',
  'token_suffix',
  'has_bearer_prefix',
  'authorization_present',
  'websocket_protocol_present',
  'websocket_protocol',
  'token_sha256',
  'token_alg',
  'token_kid',
  'token_iss',
  'token_exp',
  'signed_by',
  'cause',
  'cause_detail',
  'resolved_key',
  'resolved_source',
] as const;

export type ItemRow = Pick<FailureRow, (typeof ITEM_COLUMNS)[number]>;

export function toItem(row: ItemRow): FailureItem {
  return {
    id: String(row.seq),
    occurred_at: iso(row.occurred_at) ?? iso(row.received_at) ?? EPOCH,
    received_at: iso(row.received_at) ?? EPOCH,
    environment: row.environment,
    service: row.service,
    instance: row.instance,
    context: row.context,
    method: row.method,
    error_code: row.error_code,
    error_message: row.error_message,
    user: row.user_name,
    close_code: row.close_code,
    token_length: row.token_length,
    token_dot_count: row.token_dot_count,
    token_prefix: row.token_prefix,
    token_suffix: row.token_suffix,
    has_bearer_prefix: bool(row.has_bearer_prefix),
    authorization_present: bool(row.authorization_present),
    websocket_protocol_present: bool(row.websocket_protocol_present),
    websocket_protocol: row.websocket_protocol,
    token_sha256: row.token_sha256,
    token_alg: row.token_alg,
    token_kid: row.token_kid,
    token_iss: row.token_iss,
    token_exp: iso(row.token_exp),
    signed_by: row.signed_by,
    cause: row.cause,
    cause_detail: row.cause_detail,
    resolved_key: row.resolved_key,
    resolved_source: row.resolved_source,
  };
}

export function toDetail(row: FailureRow): FailureDetail {
  return {
    ...toItem(row),
    token_claims: parseStored(row.token_claims) as FailureDetail['token_claims'],
    raw: parseStored(row.raw),
  };
}

function parseStored(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
