import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../lib/config';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['15s', 15_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1.5h', 5_400_000],
    ['0s', 0],
    [' 30s ', 30_000],
    ['30 s', 30_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 's', '-5s', '5 seconds', '1h30m', '5S', 'PT5S', '1e3s', '.5s'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});
