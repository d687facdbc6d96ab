import type { ClaimTime, Timing } from './timing';

/**
 * A claim's seconds from `nowMs`, recomputed from its NumericDate so a page left open keeps
 * telling the truth ("expires in 4 min" becomes "expired 1 min ago"), not the answer's moment.
 */
export function secondsFromNowAt(time: ClaimTime, nowMs: number): number | null {
  if (time.iso === null) return null;
  return Math.round(time.value - nowMs / 1000);
}

/** Whether `exp` has passed at `nowMs`, allowing the answer's clock skew (as computeTiming does). */
export function expiredAt(timing: Timing, nowMs: number): boolean {
  const exp = timing.claims.find((time) => time.claim === 'exp');
  if (!exp) return false;
  return exp.value + timing.clock_skew_seconds <= nowMs / 1000;
}
