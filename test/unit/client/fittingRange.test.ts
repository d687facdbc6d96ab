import { describe, expect, it } from 'vitest';
import type { FailureStats } from '../../../lib/client/failureTypes';
import { firstFailureBucket, fittingRange } from '../../../lib/client/fittingRange';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const ago = (ms: number) => NOW - ms;

describe('fittingRange', () => {
  it('picks the smallest preset that holds every failure, with room before the first', () => {
    expect(fittingRange(ago(3 * 60_000), NOW)).toBe('15m');
    expect(fittingRange(ago(14 * 60_000), NOW)).toBe('1h');
    expect(fittingRange(ago(50 * 60_000), NOW)).toBe('1h');
    expect(fittingRange(ago(2 * 3_600_000), NOW)).toBe('6h');
    expect(fittingRange(ago(20 * 3_600_000), NOW)).toBe('24h');
    expect(fittingRange(ago(3 * 86_400_000), NOW)).toBe('7d');
    expect(fittingRange(ago(30 * 86_400_000), NOW)).toBe('7d');
  });

  it('shows the last hour when there is nothing to fit', () => {
    expect(fittingRange(null, NOW)).toBe('1h');
  });

  it('finds the first bucket with a failure', () => {
    const stats: FailureStats = {
      bucket: 'minute',
      by: 'cause',
      since: '2026-12-03T11:57:00Z',
      until: '2026-12-03T12:00:00Z',
      keys: ['secret_mismatch'],
      points: [
        { t: '2026-12-03T11:57:00.000Z', counts: {} },
        { t: '2026-12-03T11:58:00.000Z', counts: { secret_mismatch: 0 } },
        { t: '2026-12-03T11:59:00.000Z', counts: { secret_mismatch: 4 } },
      ],
    };
    expect(firstFailureBucket(stats)).toBe(Date.parse('2026-12-03T11:59:00Z'));
    expect(firstFailureBucket({ ...stats, points: stats.points.slice(0, 2) })).toBeNull();
    expect(firstFailureBucket(undefined)).toBeNull();
  });
});
