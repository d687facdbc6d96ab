import { describe, expect, it } from 'vitest';
import { computeTiming } from '../../../lib/jwt';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const SKEW = 60;
const at = (claims: Record<string, unknown> | null) => computeTiming(claims, NOW, SKEW);

describe('computeTiming', () => {
  it('gives each time claim as ISO time and seconds from now, in exp nbf iat order', () => {
    const timing = at({ iat: NOW_S - 600, nbf: NOW_S - 600, exp: NOW_S + 3600 });
    expect(timing.now).toBe('2026-03-01T12:00:00.000Z');
    expect(timing.clock_skew_seconds).toBe(60);
    expect(timing.claims).toEqual([
      {
        claim: 'exp',
        value: NOW_S + 3600,
        iso: '2026-03-01T13:00:00.000Z',
        seconds_from_now: 3600,
        milliseconds: false,
      },
      {
        claim: 'nbf',
        value: NOW_S - 600,
        iso: '2026-03-01T11:50:00.000Z',
        seconds_from_now: -600,
        milliseconds: false,
      },
      {
        claim: 'iat',
        value: NOW_S - 600,
        iso: '2026-03-01T11:50:00.000Z',
        seconds_from_now: -600,
        milliseconds: false,
      },
    ]);
    expect(timing).toMatchObject({
      expired: false,
      not_yet_valid: false,
      issued_in_future: false,
      lifetime_seconds: 4200,
    });
  });

  it.each([
    ['an hour ago', -3600, true],
    ['exactly the skew ago', -SKEW, true],
    ['just inside the skew', -SKEW + 1, false],
    ['in the future', 10, false],
  ])('treats exp %s as expired: %s', (_case, offset, expired) => {
    expect(at({ exp: NOW_S + offset }).expired).toBe(expired);
  });

  it.each([
    ['in an hour', 3600, true],
    ['just past the skew', SKEW + 1, true],
    ['exactly the skew ahead', SKEW, false],
    ['in the past', -10, false],
  ])('treats nbf %s as not yet valid: %s', (_case, offset, notYetValid) => {
    expect(at({ nbf: NOW_S + offset }).not_yet_valid).toBe(notYetValid);
  });

  it.each([
    ['an hour ahead', 3600, true],
    ['just past the skew', SKEW + 1, true],
    ['exactly the skew ahead', SKEW, false],
  ])('treats iat %s as issued in the future: %s', (_case, offset, inFuture) => {
    expect(at({ iat: NOW_S + offset }).issued_in_future).toBe(inFuture);
  });

  it('rounds seconds from now for fractional NumericDates', () => {
    expect(at({ exp: NOW_S + 10.6 }).claims[0].seconds_from_now).toBe(11);
  });

  it('marks a 13-digit value as milliseconds, and does not call it expired', () => {
    const timing = at({ exp: (NOW_S + 3600) * 1000 });
    expect(timing.claims[0]).toMatchObject({ claim: 'exp', milliseconds: true });
    expect(timing.expired).toBe(false);
  });

  it('ignores time claims that are not numbers', () => {
    const timing = at({ exp: String(NOW_S - 3600), nbf: null, iat: true });
    expect(timing.claims).toEqual([]);
    expect(timing).toMatchObject({
      expired: false,
      not_yet_valid: false,
      issued_in_future: false,
      lifetime_seconds: null,
    });
  });

  it('keeps a value too large to be a date, without an ISO time', () => {
    expect(at({ exp: 1e300 }).claims[0]).toMatchObject({
      value: 1e300,
      iso: null,
      seconds_from_now: null,
    });
  });

  it('has no lifetime without both exp and iat', () => {
    expect(at({ exp: NOW_S + 10 }).lifetime_seconds).toBeNull();
    expect(at(null).claims).toEqual([]);
  });

  it('uses the skew it is given', () => {
    expect(computeTiming({ exp: NOW_S - 120 }, NOW, 300).expired).toBe(false);
    expect(computeTiming({ exp: NOW_S - 120 }, NOW, 0).expired).toBe(true);
  });
});
