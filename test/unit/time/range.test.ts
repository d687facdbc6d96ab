import { describe, expect, it } from 'vitest';
import {
  EARLIEST_MS,
  isoOrNull,
  isStorableTime,
  LATEST_MS,
  MAX_FUTURE_MS,
  reportedTime,
} from '../../../lib/time/range';

describe('the storable time range (lib/time/range.ts)', () => {
  it('spans 1970-01-01 to the last millisecond of 9999', () => {
    expect(new Date(EARLIEST_MS).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Date(LATEST_MS).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(MAX_FUTURE_MS).toBe(86_400_000);
  });

  it.each([
    [EARLIEST_MS, true],
    [LATEST_MS, true],
    [Date.parse('2026-12-03T10:00:00Z'), true],
    [EARLIEST_MS - 1, false],
    [LATEST_MS + 1, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [8.64e15 + 1, false],
    [null, false],
    [undefined, false],
  ])('isStorableTime(%s) is %s', (ms, storable) => {
    expect(isStorableTime(ms)).toBe(storable);
  });

  it('reads a storable time back as ISO text, anything else as null (never throws)', () => {
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoOrNull(LATEST_MS)).toBe('9999-12-31T23:59:59.999Z');
    for (const bad of [-1, LATEST_MS + 1, 1e20, Number.NaN, null, undefined])
      expect(isoOrNull(bad)).toBeNull();
  });
});

describe('reportedTime (a client-reported RFC 3339 time)', () => {
  const parse = (text: string) => reportedTime.safeParse(text);
  const messages = (text: string) => parse(text).error?.issues.map((issue) => issue.message) ?? [];

  it.each([
    '2026-12-03T10:00:00Z',
    '2026-12-03T10:00:00.123Z',
    '2026-12-03T12:00:00+02:00',
    '1970-01-01T00:00:00Z',
  ])('accepts %s', (text) => {
    expect(parse(text).success).toBe(true);
    expect(parse(text).data).toBe(text);
  });

  it.each(['yesterday', '2026-12-03', '2026-12-03 10:00:00Z', '', '1700000000'])(
    'refuses %j, which is not an RFC 3339 date-time',
    (text) => {
      expect(parse(text).success).toBe(false);
    },
  );

  it('refuses a time before 1970 with a message naming the range', () => {
    expect(messages('1969-12-31T23:59:59Z')).toEqual(['expected a time between 1970 and 9999']);
  });

  it('accepts a skewed clock up to 24 h ahead, refuses more with a message about the clock', () => {
    const soon = new Date(Date.now() + MAX_FUTURE_MS - 60_000).toISOString();
    const later = new Date(Date.now() + MAX_FUTURE_MS + 60_000).toISOString();
    expect(parse(soon).success).toBe(true);
    expect(messages(later)).toEqual(['is more than 24 h in the future: check the reporting clock']);
  });

  it('stops at the first failed check: a pre-1970 time gets one message, not two', () => {
    expect(messages('0001-01-01T00:00:00Z')).toHaveLength(1);
  });
});
