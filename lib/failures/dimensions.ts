/**
 * The dimensions a failure is filtered, charted and rolled up by: one row each. The query schema
 * (lib/failures/query.ts), the store's filters and per-minute rollup (lib/store), the page's
 * filter bar and chart selector and docs/openapi.json (checked by test/unit/openapi.test.ts) all
 * derive from this table, so adding a dimension is one row here and a column in the schema.
 */
export const FAILURE_DIMENSIONS = [
  {
    field: 'environment',
    column: 'environment',
    rollup: true,
    label: 'Environment',
    chartLabel: 'environment',
  },
  { field: 'service', column: 'service', rollup: true, label: 'Service', chartLabel: 'service' },
  { field: 'cause', column: 'cause', rollup: true, label: 'Cause', chartLabel: 'cause' },
  { field: 'error_code', column: 'error_code', rollup: true, label: 'Code', chartLabel: 'code' },
  { field: 'context', column: 'context', rollup: true, label: 'Context', chartLabel: 'context' },
  {
    field: 'signed_by',
    column: 'signed_by',
    rollup: true,
    label: 'Signed by',
    chartLabel: 'signed by',
  },
  // Users are too many to roll up per minute: a filter on one reads the events themselves.
  { field: 'user', column: 'user_name', rollup: false, label: 'User', chartLabel: null },
] as const;

type Dimension = (typeof FAILURE_DIMENSIONS)[number];
export type FilterField = Dimension['field'];
/** The failures table's column for each filter field. */
export type FailureColumn = Dimension['column'];
/** What a chart can be split by: the rolled-up dimensions. */
export type StatsDimension = Extract<Dimension, { rollup: true }>['field'];

export const FILTER_FIELDS = FAILURE_DIMENSIONS.map((dimension) => dimension.field);
export const STATS_DIMENSIONS = FAILURE_DIMENSIONS.filter((dimension) => dimension.rollup).map(
  (dimension) => dimension.field as StatsDimension,
);
export const DEFAULT_STATS_DIMENSION: StatsDimension = 'error_code';

export const FILTER_COLUMN = Object.fromEntries(
  FAILURE_DIMENSIONS.map((dimension) => [dimension.field, dimension.column]),
) as Record<FilterField, FailureColumn>;
export const FILTER_LABEL = Object.fromEntries(
  FAILURE_DIMENSIONS.map((dimension) => [dimension.field, dimension.label]),
) as Record<FilterField, string>;

export function isStatsDimension(field: string): field is StatsDimension {
  return (STATS_DIMENSIONS as readonly string[]).includes(field);
}
