import { z } from 'zod';
import { groupIdSchema, type GroupKey } from './groups';
import {
  DEFAULT_STATS_DIMENSION,
  FILTER_FIELDS,
  STATS_DIMENSIONS,
  type FilterField,
} from './dimensions';

export { FILTER_FIELDS, type FilterField };

export interface FailureFilter {
  equals: Partial<Record<FilterField, string>>;
  /** Milliseconds, inclusive. */
  since?: number;
  /** Milliseconds, exclusive. */
  until?: number;
  /** A substring of the message, code, service, instance or user (case-insensitive). */
  q?: string;
  /** One failure group (lib/failures/groups): its six columns, nulls matched as nulls. */
  group?: GroupKey;
}

const filterValue = z.string().min(1).max(256);
const time = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));
const filterShape = {
  ...(Object.fromEntries(FILTER_FIELDS.map((field) => [field, filterValue.optional()])) as Record<
    FilterField,
    z.ZodOptional<typeof filterValue>
  >),
  since: time.optional(),
  until: time.optional(),
  q: z.string().min(1).max(200).optional(),
  group: groupIdSchema.optional(),
};

export const ListQuery = z.strictObject({
  ...filterShape,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const StatsQuery = z.strictObject({
  ...filterShape,
  bucket: z.enum(['minute', 'hour']).default('minute'),
  by: z.enum(STATS_DIMENSIONS).default(DEFAULT_STATS_DIMENSION),
});

export const GroupsQuery = z.strictObject({
  ...filterShape,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The failures and the time window a causes summary or an incident covers. */
export const FilterQuery = z.strictObject(filterShape);

export type ListQuery = z.infer<typeof ListQuery>;
export type StatsQuery = z.infer<typeof StatsQuery>;
export type GroupsQuery = z.infer<typeof GroupsQuery>;

export function filterFrom(
  query: Partial<Record<FilterField, string>> & {
    since?: number;
    until?: number;
    q?: string;
    group?: GroupKey;
  },
): FailureFilter {
  const equals: FailureFilter['equals'] = {};
  for (const field of FILTER_FIELDS) if (query[field] !== undefined) equals[field] = query[field];
  const filter: FailureFilter = { equals, since: query.since, until: query.until, q: query.q };
  if (query.group) filter.group = query.group;
  return filter;
}

/** URL search params → a plain object for zod (a repeated name keeps its last value). */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}
