import { normalizeToken, parseToken, type ParsedJws } from '../jwt';
import { isStorableTime } from '../time/range';
import { credentialDigest } from './redact';

/** What is kept of a full token seen at ingest; the token itself is dropped after this. */
export interface TokenFacts {
  length: number;
  dot_count: number;
  /** The first 12 chars: header only. The end of a token is its signature and is not kept. */
  prefix: string;
  has_bearer_prefix: boolean;
  /** Keyed (the fingerprint key), the same digest as the token's redaction marker. */
  sha256: string;
  alg: string | null;
  kid: string | null;
  iss: string | null;
  /** Milliseconds; a 13-digit (millisecond) exp is kept as sent, in seconds × 1000 otherwise. */
  exp: number | null;
  /** The non-personal claims besides those above (README, Security). */
  claims: { typ?: string; aud?: string | string[]; iat?: number; nbf?: number };
  /** The `exp` claim as sent (seconds, or milliseconds by mistake). */
  rawExp: number | null;
  kind: 'jws' | 'jwe' | 'malformed';
  /** Why it is malformed, part by part. */
  problems: string[];
  jws: ParsedJws | null;
}

export function tokenFacts(raw: string, key: Uint8Array): TokenFacts {
  const { token, stripped } = normalizeToken(raw);
  const parsed = parseToken(token);
  const header = parsed.header;
  const claims = parsed.kind === 'jws' ? parsed.claims : null;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 256) : null);
  const number = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  // Kept only when it is a time the store can read back (`exp: 1e308` is not); triage sees the raw value.
  const time = (value: unknown) => {
    const seconds = number(value);
    return seconds !== undefined && isStorableTime(toMs(seconds)) ? seconds : undefined;
  };
  const exp = number(claims?.exp);
  const storedExp = time(claims?.exp);
  const kept: TokenFacts['claims'] = {};
  if (typeof header?.typ === 'string') kept.typ = header.typ.slice(0, 64);
  const aud = audience(claims?.aud);
  if (aud !== undefined) kept.aud = aud;
  if (time(claims?.iat) !== undefined) kept.iat = time(claims?.iat);
  if (time(claims?.nbf) !== undefined) kept.nbf = time(claims?.nbf);
  return {
    length: token.length,
    dot_count: token.split('.').length - 1,
    prefix: token.slice(0, 12),
    has_bearer_prefix: stripped.includes('bearer_prefix'),
    sha256: credentialDigest(token, key),
    alg: text(header?.alg),
    kid: text(header?.kid),
    iss: text(claims?.iss),
    exp: storedExp === undefined ? null : toMs(storedExp),
    claims: kept,
    rawExp: exp ?? null,
    kind: parsed.kind,
    problems: parsed.kind === 'malformed' ? parsed.problems : [],
    jws: parsed.kind === 'jws' ? parsed : null,
  };
}

function audience(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value.slice(0, 256);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.slice(0, 16).map((item: string) => item.slice(0, 256));
  return undefined;
}

/** Seconds as the spec says; a 13-digit value is milliseconds sent by mistake. */
function toMs(value: number): number {
  return value >= 1e12 ? Math.trunc(value) : Math.trunc(value * 1000);
}
