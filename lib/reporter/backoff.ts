/** How long the reporter waits before it tries again, and what it takes from the server's answer. */
export interface BackoffPolicy {
  /** The first retry's ceiling; each further failure doubles it. */
  baseMs: number;
  /** No ceiling grows past this (full jitter draws below it). */
  capMs: number;
  /** A larger Retry-After is taken as this: a misconfigured hour must not silence a service. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 250,
  capMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** The ceiling after `failures` consecutive failures (1 = the first): base · 2^(failures-1), capped. */
export function backoffCeiling(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * The wait before the next attempt. Without Retry-After: full jitter, a uniform draw in
 * [0, ceiling) — so a fleet that failed together does not come back together. With Retry-After:
 * never earlier than the server asked, plus a draw of up to the ceiling (and never more than the
 * asked wait again), so a thousand clients told "1" do not return in the same millisecond.
 */
export function retryDelay(
  failures: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = backoffCeiling(failures, policy);
  const draw = clampUnit(random());
  if (retryAfterMs === null) return Math.floor(draw * ceiling);
  const asked = Math.min(Math.max(retryAfterMs, 0), policy.maxRetryAfterMs);
  return Math.floor(asked + draw * Math.min(ceiling, asked));
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - now);
}

// An injected random that strays outside [0, 1) must not produce a negative or runaway wait.
const clampUnit = (value: number) =>
  Number.isFinite(value) ? Math.min(Math.max(value, 0), 1 - Number.EPSILON) : 0;
