import { describe, expect, it } from 'vitest';
import {
  bucketFor,
  incidentSearch,
  readIncidentWindow,
  spikeWindow,
  type IncidentWindow,
} from '../../../lib/client/incidentWindow';

const NOW = Date.parse('2026-12-03T12:00:30.000Z');
const ENVIRONMENTS = ['staging', 'production'];
const read = (query: string, environments = ENVIRONMENTS) =>
  readIncidentWindow(new URLSearchParams(query), environments, NOW);

describe('readIncidentWindow (lib/client/incidentWindow.ts)', () => {
  it('makes a missing window the hour up to the next whole minute, in the first environment', () => {
    expect(read('')).toEqual({
      environment: 'staging',
      from: '2026-12-03T11:01:00.000Z',
      to: '2026-12-03T12:01:00.000Z',
      present: false,
      theme: 'dark',
    });
  });

  it('keeps "now" on a whole minute as it is', () => {
    const window = readIncidentWindow(
      new URLSearchParams(),
      ENVIRONMENTS,
      Date.parse('2026-12-03T12:00:00Z'),
    );
    expect(window.to).toBe('2026-12-03T12:00:00.000Z');
  });

  it('normalizes given bounds to ISO UTC, and a missing start is an hour before the end', () => {
    expect(
      read('environment=production&from=2026-12-01T10:00:00%2B02:00&to=2026-12-01T09:30:00Z'),
    ).toMatchObject({
      environment: 'production',
      from: '2026-12-01T08:00:00.000Z',
      to: '2026-12-01T09:30:00.000Z',
    });
    expect(read('to=2026-12-01T09:30:00Z').from).toBe('2026-12-01T08:30:00.000Z');
  });

  it('replaces an unreadable bound by the default instead of failing', () => {
    expect(read('from=garbage&to=also-garbage')).toMatchObject({
      from: '2026-12-03T11:01:00.000Z',
      to: '2026-12-03T12:01:00.000Z',
    });
  });

  it('has an empty environment when none is configured or given', () => {
    expect(read('', []).environment).toBe('');
    expect(read('environment=dev', []).environment).toBe('dev');
  });

  it.each([
    ['present=1', true, 'dark'],
    ['present=true', false, 'dark'],
    ['present=1&theme=light', true, 'light'],
    ['theme=light', false, 'light'],
    ['theme=blue', false, 'dark'],
  ] as const)('%s → present %s, theme %s', (query, present, theme) => {
    expect(read(query)).toMatchObject({ present, theme });
  });
});

describe('incidentSearch', () => {
  const window: IncidentWindow = {
    environment: 'staging',
    from: '2026-12-03T11:00:00.000Z',
    to: '2026-12-03T12:00:00.000Z',
    present: false,
    theme: 'light',
  };

  it('writes the environment and absolute window, and nothing about presentation when not presenting', () => {
    expect(Object.fromEntries(new URLSearchParams(incidentSearch(window)))).toEqual({
      environment: 'staging',
      from: '2026-12-03T11:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
  });

  it('applies a patch, and writes the light theme only when presenting', () => {
    const presenting = new URLSearchParams(incidentSearch(window, { present: true }));
    expect(presenting.get('present')).toBe('1');
    expect(presenting.get('theme')).toBe('light');
    const dark = new URLSearchParams(incidentSearch(window, { present: true, theme: 'dark' }));
    expect(dark.has('theme')).toBe(false);
  });

  it('reads back as the same window (a frozen, shareable link)', () => {
    const search = incidentSearch({ ...window, present: true });
    expect(readIncidentWindow(new URLSearchParams(search), ['other'], NOW)).toEqual({
      ...window,
      present: true,
    });
  });
});

describe('bucketFor and spikeWindow', () => {
  it.each([
    ['2026-12-03T06:00:00Z', 'minute'],
    ['2026-12-03T05:59:59.999Z', 'hour'],
    ['2026-12-03T11:00:00Z', 'minute'],
    ['2026-11-26T12:00:00Z', 'hour'],
  ] as const)('a window from %s to noon is in %s buckets', (from, bucket) => {
    expect(bucketFor({ from, to: '2026-12-03T12:00:00Z' })).toBe(bucket);
  });

  it('opens 15 minutes either side of a clicked minute bucket', () => {
    expect(
      Object.fromEntries(
        new URLSearchParams(spikeWindow('staging', '2026-12-03T10:00:00.000Z', 'minute')),
      ),
    ).toEqual({
      environment: 'staging',
      from: '2026-12-03T09:45:00.000Z',
      to: '2026-12-03T10:16:00.000Z',
    });
  });

  it('opens 15 minutes either side of a clicked hour bucket', () => {
    const params = new URLSearchParams(spikeWindow('prod', '2026-12-03T10:00:00.000Z', 'hour'));
    expect(params.get('from')).toBe('2026-12-03T09:45:00.000Z');
    expect(params.get('to')).toBe('2026-12-03T11:15:00.000Z');
    expect(bucketFor({ from: params.get('from')!, to: params.get('to')! })).toBe('minute');
  });
});
