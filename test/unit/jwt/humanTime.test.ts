import { describe, expect, it } from 'vitest';
import { formatDuration, relativeTime } from '../../../lib/jwt';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [90, '1 min 30 s'],
    [7200, '2 h'],
    [90_000, '1 d 1 h'],
    [90_061, '1 d 1 h'],
    [-3600, '1 h'],
  ])('%i s reads "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('relativeTime', () => {
  it.each([
    [-10_800, '3 h ago'],
    [300, 'in 5 min'],
    [3, 'just now'],
    [-4, 'just now'],
  ])('%i s from now reads "%s"', (seconds, text) => {
    expect(relativeTime(seconds)).toBe(text);
  });
});
