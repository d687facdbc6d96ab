import type { JsonObject } from './json';

export type TimeClaim = 'exp' | 'nbf' | 'iat';

export interface ClaimTime {
  claim: TimeClaim;
  /** The NumericDate as received (seconds since the epoch, or milliseconds by mistake). */
  value: number;
  /** ISO 8601 in UTC, or null when the value cannot be a date. */
  iso: string | null;
  /** Seconds from now; negative is in the past. */
  seconds_from_now: number | null;
  /** A 13-digit value: someone wrote Date.now() instead of seconds. */
  milliseconds: boolean;
}

export interface Timing {
  now: string;
  clock_skew_seconds: number;
  claims: ClaimTime[];
  expired: boolean;
  not_yet_valid: boolean;
  issued_in_future: boolean;
  /** exp − iat in seconds when both are present. */
  lifetime_seconds: number | null;
}

const TIME_CLAIMS: TimeClaim[] = ['exp', 'nbf', 'iat'];
const MILLISECONDS_THRESHOLD = 1e12; // 13 digits: year 33658 as seconds, 2001 as milliseconds

/** `exp nbf iat` against `now`, allowing `skewSeconds` of clock difference (RFC 7519 §4.1.4). */
export function computeTiming(claims: JsonObject | null, now: Date, skewSeconds: number): Timing {
  const nowSeconds = now.getTime() / 1000;
  const times = TIME_CLAIMS.flatMap((claim): ClaimTime[] => {
    const value = claims?.[claim];
    if (typeof value !== 'number' || !Number.isFinite(value)) return [];
    const milliseconds = Math.abs(value) >= MILLISECONDS_THRESHOLD;
    const date = new Date(value * 1000);
    const valid = !Number.isNaN(date.getTime());
    return [
      {
        claim,
        value,
        iso: valid ? date.toISOString() : null,
        seconds_from_now: valid ? Math.round(value - nowSeconds) : null,
        milliseconds,
      },
    ];
  });
  const at = (claim: TimeClaim) => times.find((time) => time.claim === claim)?.value;
  const exp = at('exp');
  const nbf = at('nbf');
  const iat = at('iat');
  return {
    now: now.toISOString(),
    clock_skew_seconds: skewSeconds,
    claims: times,
    expired: exp !== undefined && exp + skewSeconds <= nowSeconds,
    not_yet_valid: nbf !== undefined && nbf - skewSeconds > nowSeconds,
    issued_in_future: iat !== undefined && iat - skewSeconds > nowSeconds,
    lifetime_seconds: exp !== undefined && iat !== undefined ? exp - iat : null,
  };
}
