import { describe, expect, it } from 'vitest';
import { clockTime } from '../../../lib/client/clockTime';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

describe('clockTime (lib/client/clockTime.ts)', () => {
  it.each([
    ['2026-12-03T09:05:07.123Z', '09:05:07'],
    ['2026-12-03T00:00:00.000Z', '00:00:00'],
    ['2026-12-03T23:59:59.999Z', '23:59:59'],
    ['2026-12-02T23:59:59.999Z', '2026-12-02 23:59:59'],
    ['2026-12-04T00:00:00.000Z', '2026-12-04 00:00:00'],
    ['2025-12-03T09:05:07.000Z', '2025-12-03 09:05:07'],
  ])('%s reads "%s" on 2026-12-03 (UTC)', (iso, text) => {
    expect(clockTime(iso, NOW)).toBe(text);
  });

  it('decides "today" in UTC, not by the local clock', () => {
    // 00:30 UTC: still the 3rd in UTC whatever the machine's zone says.
    expect(clockTime('2026-12-03T00:10:00.000Z', Date.parse('2026-12-03T00:30:00Z'))).toBe(
      '00:10:00',
    );
  });

  it('never cuts the seconds, whatever the fraction', () => {
    expect(clockTime('2026-12-03T10:11:12Z', NOW)).toBe('10:11:12');
  });

  it('defaults "now" to the clock', () => {
    expect(clockTime(new Date().toISOString())).toMatch(/^\d\d:\d\d:\d\d$/);
  });
});
