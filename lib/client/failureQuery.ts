import { DEFAULT_STATS_DIMENSION, FILTER_FIELDS } from '../failures/dimensions';
import { isRangeName, resolveRange, type RangeName } from './timeRange';

/** The page's filters: the failure dimensions, then the free-text search and the problem (group). */
export const FAILURE_FILTERS = [...FILTER_FIELDS, 'q', 'group'] as const;

export interface FailureView {
  filters: Partial<Record<(typeof FAILURE_FILTERS)[number], string>>;
  range: RangeName;
  /** Whether the URL names the range (or a custom since/until); if not, the page fits one. */
  rangeChosen: boolean;
  since?: string;
  until?: string;
  by: string;
  selected: string | null;
  /** Problems (groups) first; the raw events when asked for, or when one group or row is open. */
  show: 'groups' | 'events';
}

/** The page's URL (the shareable state) → what the page shows. */
export function readFailureView(params: URLSearchParams): FailureView {
  const range = params.get('range');
  const filters: FailureView['filters'] = {};
  for (const name of FAILURE_FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return {
    filters,
    range: isRangeName(range) ? range : '1h',
    rangeChosen: isRangeName(range) || params.has('since') || params.has('until'),
    since: params.get('since') ?? undefined,
    until: params.get('until') ?? undefined,
    by: params.get('by') ?? DEFAULT_STATS_DIMENSION,
    selected: params.get('id'),
    show:
      params.get('show') === 'events' || filters.group || params.get('id') ? 'events' : 'groups',
  };
}

/** The API queries for the list and the chart, with the range resolved against `now`. */
export function apiQueries(view: FailureView, now: number): { list: string; stats: string } {
  const window = resolveRange(view.range, now, { since: view.since, until: view.until });
  const base = new URLSearchParams({ ...view.filters, since: window.since, until: window.until });
  const stats = new URLSearchParams(base);
  stats.set('bucket', window.bucket);
  stats.set('by', view.by);
  return { list: base.toString(), stats: stats.toString() };
}
