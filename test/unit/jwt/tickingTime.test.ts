import { describe, expect, it } from 'vitest';
import { computeTiming } from '../../../lib/jwt';
import { relativeTime } from '../../../lib/jwt/humanTime';
import { expiredAt, secondsFromNowAt } from '../../../lib/jwt/tickingTime';

const ANSWERED = new Date('2026-03-01T12:00:00Z');
const ANSWERED_S = ANSWERED.getTime() / 1000;
const SKEW = 60;

describe('relative times that tick after the answer', () => {
  it("recomputes a claim's seconds from the moment shown, not the moment answered", () => {
    const timing = computeTiming({ exp: ANSWERED_S + 240, iat: ANSWERED_S - 60 }, ANSWERED, SKEW);
    const [exp, iat] = timing.claims;
    expect(secondsFromNowAt(exp, ANSWERED.getTime())).toBe(exp.seconds_from_now);
    const later = ANSWERED.getTime() + 300_000; // the page left open five minutes
    expect(relativeTime(secondsFromNowAt(exp, later) ?? 0)).toBe('1 min ago');
    expect(relativeTime(secondsFromNowAt(iat, later) ?? 0)).toBe('6 min ago');
  });

  it('turns a token expired once exp and the skew have passed, as computeTiming would', () => {
    const timing = computeTiming({ exp: ANSWERED_S + 10 }, ANSWERED, SKEW);
    expect(timing.expired).toBe(false);
    expect(expiredAt(timing, ANSWERED.getTime())).toBe(false);
    expect(expiredAt(timing, ANSWERED.getTime() + 69_000)).toBe(false);
    expect(expiredAt(timing, ANSWERED.getTime() + 70_000)).toBe(true);
    const later = new Date(ANSWERED.getTime() + 70_000);
    expect(computeTiming({ exp: ANSWERED_S + 10 }, later, SKEW).expired).toBe(true);
  });

  it('gives no seconds for a value that cannot be a date, and no expiry without exp', () => {
    const timing = computeTiming({ iat: 1e300 }, ANSWERED, SKEW);
    expect(secondsFromNowAt(timing.claims[0], ANSWERED.getTime())).toBeNull();
    expect(expiredAt(timing, ANSWERED.getTime())).toBe(false);
  });
});
