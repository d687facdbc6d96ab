import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  parseRetryAfter,
  retryDelay,
  type BackoffPolicy,
} from '../../../lib/reporter/backoff';

const POLICY: BackoffPolicy = { baseMs: 250, capMs: 30_000, maxRetryAfterMs: 300_000 };
const always = (value: number) => () => value;

describe('backoff ceiling', () => {
  it('doubles from the base with each failure in a row', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffCeiling(failures, POLICY))).toEqual([
      250, 500, 1_000, 2_000, 4_000,
    ]);
  });

  it('never grows past the cap, however long the outage', () => {
    expect(backoffCeiling(8, POLICY)).toBe(30_000);
    expect(backoffCeiling(10_000, POLICY)).toBe(30_000);
  });
});

describe('retry delay without Retry-After (full jitter)', () => {
  it('draws uniformly from zero up to the ceiling', () => {
    expect(retryDelay(3, null, always(0), POLICY)).toBe(0);
    expect(retryDelay(3, null, always(0.5), POLICY)).toBe(500);
    expect(retryDelay(3, null, always(0.999), POLICY)).toBe(999);
  });

  it('stays below the cap at the top of the draw', () => {
    expect(retryDelay(50, null, always(1), POLICY)).toBeLessThan(30_000);
  });

  it('spreads a fleet that failed together', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = Array.from({ length: 200 }, () => retryDelay(6, null, random, POLICY));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(backoffCeiling(6, POLICY));
  });

  it('turns a random source outside [0, 1) into a wait inside the range', () => {
    expect(retryDelay(2, null, always(-3), POLICY)).toBe(0);
    expect(retryDelay(2, null, always(Number.NaN), POLICY)).toBe(0);
    expect(retryDelay(2, null, always(7), POLICY)).toBeLessThan(500);
  });
});

describe('retry delay with Retry-After', () => {
  it('never comes back before the server asked', () => {
    expect(retryDelay(1, 1_000, always(0), POLICY)).toBe(1_000);
    expect(retryDelay(9, 2_000, always(0), POLICY)).toBe(2_000);
  });

  it('adds a jitter of up to the ceiling, and never more than the asked wait again', () => {
    expect(retryDelay(1, 1_000, always(0.5), POLICY)).toBe(1_125);
    expect(retryDelay(8, 1_000, always(0.5), POLICY)).toBe(1_500);
    expect(retryDelay(8, 1_000, always(0.999), POLICY)).toBeLessThan(2_000);
  });

  it('caps an absurd Retry-After so a misconfigured server cannot silence the service', () => {
    expect(retryDelay(1, 86_400_000, always(0), POLICY)).toBe(300_000);
  });
});

describe('Retry-After header', () => {
  const now = Date.parse('2026-12-03T07:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP-date against the clock, and a past date as now', () => {
    expect(parseRetryAfter('Thu, 03 Dec 2026 07:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 06:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const header of [null, '', '-1', '1.5', 'soon', '12abc'])
      expect(parseRetryAfter(header, now)).toBeNull();
  });
});
