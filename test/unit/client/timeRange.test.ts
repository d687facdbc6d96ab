import { describe, expect, it } from 'vitest';
import { isRangeName, RANGES, rangeText, resolveRange } from '../../../lib/client/timeRange';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolveRange (lib/client/timeRange.ts)', () => {
  it.each([
    ['15m', 15 * 60_000, 'minute'],
    ['1h', 3_600_000, 'minute'],
    ['6h', 6 * 3_600_000, 'minute'],
    ['24h', 24 * 3_600_000, 'hour'],
    ['7d', 7 * 86_400_000, 'hour'],
  ] as const)('%s ends now, spans %d ms, in %s buckets', (range, span, bucket) => {
    expect(RANGES[range]).toBe(span);
    expect(resolveRange(range, NOW)).toEqual({ since: iso(NOW - span), until: iso(NOW), bucket });
  });

  it('uses the custom bounds for a custom range, and ignores them for a named one', () => {
    const custom = { since: '2026-12-01T00:00:00Z', until: '2026-12-01T03:00:00Z' };
    expect(resolveRange('custom', NOW, custom)).toEqual({
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-01T03:00:00.000Z',
      bucket: 'minute',
    });
    expect(resolveRange('1h', NOW, custom)).toEqual(resolveRange('1h', NOW));
  });

  it('switches to hour buckets just past 6 hours, the boundary itself stays minutes', () => {
    const since = '2026-12-01T00:00:00.000Z';
    expect(resolveRange('custom', NOW, { since, until: '2026-12-01T06:00:00.000Z' }).bucket).toBe(
      'minute',
    );
    expect(resolveRange('custom', NOW, { since, until: '2026-12-01T06:00:00.001Z' }).bucket).toBe(
      'hour',
    );
  });

  it('fills a missing custom bound: the end is now, the start an hour before the end', () => {
    expect(resolveRange('custom', NOW)).toEqual({
      since: iso(NOW - 3_600_000),
      until: iso(NOW),
      bucket: 'minute',
    });
    expect(resolveRange('custom', NOW, { until: '2026-12-01T10:00:00Z' })).toEqual({
      since: '2026-12-01T09:00:00.000Z',
      until: '2026-12-01T10:00:00.000Z',
      bucket: 'minute',
    });
    expect(resolveRange('custom', NOW, { since: '2026-12-03T11:30:00Z' })).toEqual({
      since: '2026-12-03T11:30:00.000Z',
      until: iso(NOW),
      bucket: 'minute',
    });
  });
});

describe('isRangeName and rangeText', () => {
  it.each([
    ['15m', true],
    ['1h', true],
    ['6h', true],
    ['24h', true],
    ['7d', true],
    ['custom', true],
    ['2h', false],
    ['', false],
    [null, false],
    ['toString', false],
    ['__proto__', false],
  ])('isRangeName(%j) is %s', (value, expected) => {
    expect(isRangeName(value)).toBe(expected);
  });

  it.each([
    ['15m', 'in the last 15 minutes'],
    ['1h', 'in the last hour'],
    ['6h', 'in the last 6 hours'],
    ['24h', 'in the last 24 hours'],
    ['7d', 'in the last 7 days'],
    ['custom', 'in this range'],
  ] as const)('rangeText(%s) is "%s"', (range, text) => {
    expect(rangeText(range)).toBe(text);
  });
});

describe('a custom range from a hand-edited link', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');

  it('drops an unparseable bound instead of throwing', () => {
    expect(resolveRange('custom', now, { since: 'x', until: 'y' })).toEqual({
      since: '2026-12-03T11:00:00.000Z',
      until: '2026-12-03T12:00:00.000Z',
      bucket: 'minute',
    });
  });

  it('shows the hour before the end when the start is not before it', () => {
    expect(
      resolveRange('custom', now, { since: '2026-12-03T10:00:00Z', until: '2026-12-03T09:00:00Z' }),
    ).toMatchObject({ since: '2026-12-03T08:00:00.000Z', until: '2026-12-03T09:00:00.000Z' });
  });
});
