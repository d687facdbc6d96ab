export const RANGES = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
} as const;
export type RangeName = keyof typeof RANGES | 'custom';

export interface TimeWindow {
  since: string;
  until: string;
  bucket: 'minute' | 'hour';
}

/**
 * A named range ends now; a custom one uses the given bounds. A bound a hand-edited link garbles
 * (unparseable, or a start not before the end) is dropped, not thrown: the page shows the last
 * hour to that end instead. Minute buckets up to 6 h, hours beyond.
 */
export function resolveRange(
  range: RangeName,
  now: number,
  custom?: { since?: string; until?: string },
): TimeWindow {
  const bound = (text: string | undefined) => {
    const ms = range === 'custom' && text ? Date.parse(text) : NaN;
    return Number.isFinite(ms) ? ms : null;
  };
  const until = bound(custom?.until) ?? now;
  const fallback = until - RANGES[range === 'custom' ? '1h' : range];
  const since = bound(custom?.since) ?? fallback;
  const start = since < until ? since : fallback;
  const bucket = until - start > 6 * 3_600_000 ? 'hour' : 'minute';
  return { since: new Date(start).toISOString(), until: new Date(until).toISOString(), bucket };
}

export function isRangeName(value: string | null): value is RangeName {
  return value === 'custom' || (value !== null && Object.hasOwn(RANGES, value));
}

const RANGE_TEXT: Record<keyof typeof RANGES, string> = {
  '15m': 'the last 15 minutes',
  '1h': 'the last hour',
  '6h': 'the last 6 hours',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
};

/** "in the last hour", for sentences about a range. */
export function rangeText(range: RangeName): string {
  return range === 'custom' ? 'in this range' : `in ${RANGE_TEXT[range]}`;
}
