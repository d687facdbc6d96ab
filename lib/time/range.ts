import { z } from 'zod';

// Every time the store keeps must read back as an ISO string: `new Date(ms).toISOString()`
// throws outside ±8.64e15 ms, and a year past 9999 is no longer RFC 3339. One range for all.
export const EARLIEST_MS = 0; // 1970-01-01T00:00:00.000Z
export const LATEST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** How far ahead of the server's clock a reported time may be (a skewed clock, not a typo). */
export const MAX_FUTURE_MS = 24 * 3600_000;

export function isStorableTime(ms: number | null | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** A stored time as ISO text; null for a value no valid write could have produced. */
export function isoOrNull(ms: number | null | undefined): string | null {
  return isStorableTime(ms) ? new Date(ms).toISOString() : null;
}

/** An RFC 3339 time a client reports (`occurred_at`, `reported_at`): 1970 or later, not in the future. */
export const reportedTime = z.iso
  .datetime({ offset: true, abort: true })
  .refine((text) => isStorableTime(Date.parse(text)), {
    message: 'expected a time between 1970 and 9999',
    abort: true,
  })
  .refine((text) => Date.parse(text) <= Date.now() + MAX_FUTURE_MS, {
    message: 'is more than 24 h in the future: check the reporting clock',
  });
