import { describe, expect, it } from 'vitest';
import { apiQueries, FAILURE_FILTERS, readFailureView } from '../../../lib/client/failureQuery';
import { DEFAULT_STATS_DIMENSION } from '../../../lib/failures/dimensions';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const view = (query: string) => readFailureView(new URLSearchParams(query));

describe('readFailureView (lib/client/failureQuery.ts): the URL is the page state', () => {
  it('defaults to the last hour (until a range fits the data), the default chart split, the problems list, nothing selected', () => {
    expect(view('')).toEqual({
      filters: {},
      range: '1h',
      rangeChosen: false,
      since: undefined,
      until: undefined,
      by: DEFAULT_STATS_DIMENSION,
      selected: null,
      show: 'groups',
    });
  });

  it('keeps every filter the page knows and drops empty and unknown ones', () => {
    const params = new URLSearchParams();
    for (const name of FAILURE_FILTERS) params.set(name, `v-${name}`);
    params.set('environment', '');
    params.set('token', 'eyJ...');
    const filters = readFailureView(params).filters;
    expect(Object.keys(filters).sort()).toEqual(
      FAILURE_FILTERS.filter((name) => name !== 'environment').sort(),
    );
    expect(filters).not.toHaveProperty('token');
    expect(filters.q).toBe('v-q');
  });

  it.each([
    ['range=7d', true],
    ['range=custom&since=2026-12-03T10:00:00.000Z', true],
    ['until=2026-12-03T10:00:00.000Z', true],
    ['range=2h', false],
    ['', false],
  ] as const)(
    'reads %s as a chosen range: %s (else the page fits one to the data)',
    (query, chosen) => {
      expect(view(query).rangeChosen).toBe(chosen);
    },
  );

  it.each([
    ['range=7d', '7d'],
    ['range=custom', 'custom'],
    ['range=2h', '1h'],
    ['range=', '1h'],
  ] as const)('reads %s as the %s range', (query, range) => {
    expect(view(query).range).toBe(range);
  });

  it.each([
    ['', 'groups'],
    ['show=groups', 'groups'],
    ['show=events', 'events'],
    ['group=abc', 'events'],
    ['id=42', 'events'],
    ['show=nonsense', 'groups'],
  ])('%j shows %s', (query, show) => {
    expect(view(query).show).toBe(show);
  });

  it('reads the selection, the split and the custom bounds as given', () => {
    expect(view('id=42&by=service&range=custom&since=a&until=b')).toMatchObject({
      selected: '42',
      by: 'service',
      since: 'a',
      until: 'b',
    });
  });
});

describe('apiQueries', () => {
  it('sends the filters and the resolved window to the list, plus bucket and split to the chart', () => {
    const { list, stats } = apiQueries(
      view('service=backend-rest&q=alice&range=24h&by=cause'),
      NOW,
    );
    expect(Object.fromEntries(new URLSearchParams(list))).toEqual({
      service: 'backend-rest',
      q: 'alice',
      since: '2026-12-02T12:00:00.000Z',
      until: '2026-12-03T12:00:00.000Z',
    });
    expect(Object.fromEntries(new URLSearchParams(stats))).toEqual({
      service: 'backend-rest',
      q: 'alice',
      since: '2026-12-02T12:00:00.000Z',
      until: '2026-12-03T12:00:00.000Z',
      bucket: 'hour',
      by: 'cause',
    });
  });

  it('uses the custom bounds for a custom range', () => {
    const { list } = apiQueries(
      view('range=custom&since=2026-12-01T00:00:00Z&until=2026-12-01T01:00:00Z'),
      NOW,
    );
    expect(list).toBe('since=2026-12-01T00%3A00%3A00.000Z&until=2026-12-01T01%3A00%3A00.000Z');
  });

  it('encodes filter values, so a search for "a&b=c" stays one value', () => {
    const { list } = apiQueries(view(`q=${encodeURIComponent('a&b=c')}`), NOW);
    expect(new URLSearchParams(list).get('q')).toBe('a&b=c');
    expect(new URLSearchParams(list).get('b')).toBeNull();
  });
});
