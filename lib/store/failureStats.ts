import { sql, type Kysely } from 'kysely';
import {
  FILTER_COLUMN,
  isStatsDimension,
  type FilterField,
  type StatsDimension,
} from '../failures/dimensions';
import type { FailureFilter } from '../failures/query';
import type { FailureStats } from '../failures/types';
import { applyFilter } from './failureFilter';
import { asBadRequest } from '../http/errors';
import type { Database } from './schema';

const MINUTE = 60_000;
const MAX_BUCKETS = 20_000;
const MAX_SERIES = 10;
export const NONE_LABEL = '(none)';
export const OTHER_LABEL = '(other)';

/** A RangeError to the store's callers, a 400 on `since` to the API's (lib/http/errors). */
const badRange = (problem: string) =>
  asBadRequest(new RangeError(`Bad time range: ${problem}.`), 'since', problem);

type Counts = Array<{ t: number; k: string | null; n: number }>;
/** Counts by `by` per bucket of `size` ms over [since, until). */
interface CountQuery {
  filter: FailureFilter;
  by: StatsDimension;
  since: number;
  until: number;
  size: number;
}
interface Window {
  bucket: 'minute' | 'hour';
  by: StatsDimension;
  since: number;
  until: number;
  size: number;
  grid: { since: number; until: number };
}

/**
 * Counts per bucket by one dimension. Served from the per-minute rollup when every filter is one
 * of its dimensions; a filter on user, text or a group falls back to the events themselves.
 */
export async function failureStats(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { bucket: 'minute' | 'hour'; by: StatsDimension; now: number },
): Promise<FailureStats> {
  const size = options.bucket === 'minute' ? MINUTE : 3_600_000;
  // Counted over exactly [since, until) — the list's and the incident's range — even when the
  // first and last buckets are partial: a chart's total must equal the count beside it.
  const until = filter.until ?? Math.ceil(options.now / size) * size;
  const since =
    filter.since ??
    Math.floor(until / size) * size - (options.bucket === 'minute' ? 3_600_000 : 86_400_000);
  if (until <= since) throw badRange('"since" must be before "until"');
  const grid = { since: Math.floor(since / size) * size, until: Math.ceil(until / size) * size };
  if ((grid.until - grid.since) / size > MAX_BUCKETS)
    throw badRange(
      `the range holds more than ${MAX_BUCKETS} ${options.bucket} buckets: use a larger bucket or a shorter range`,
    );

  const rolledUp = Object.keys(filter.equals).every(isStatsDimension);
  const fromRollup =
    isStatsDimension(options.by) && rolledUp && filter.q === undefined && !filter.group;
  const query = { filter, by: options.by, since, until, size };
  const rows = fromRollup ? await fromRollupExactly(db, query) : await fromEvents(db, query);
  return shapeStats(rows, { bucket: options.bucket, by: options.by, since, until, size, grid });
}

/** Whole minutes from the rollup; the partial minutes at either end from the events. */
async function fromRollupExactly(db: Kysely<Database>, query: CountQuery): Promise<Counts> {
  const { since, until } = query;
  const inner = {
    since: Math.ceil(since / MINUTE) * MINUTE,
    until: Math.floor(until / MINUTE) * MINUTE,
  };
  if (inner.since >= inner.until) return fromEvents(db, query);
  const edges = await Promise.all(
    [
      [since, inner.since],
      [inner.until, until],
    ]
      .filter(([from, to]) => from < to)
      .map(([from, to]) => fromEvents(db, { ...query, since: from, until: to })),
  );
  return [...(await fromRollup(db, { ...query, ...inner })), ...edges.flat()];
}

async function fromRollup(
  db: Kysely<Database>,
  { filter, by, since, until, size }: CountQuery,
): Promise<Counts> {
  let query = db
    .selectFrom('failure_rollup')
    .select([
      sql<number>`(minute / ${sql.lit(size)}) * ${sql.lit(size)}`.as('t'),
      sql<string>`${sql.ref(by)}`.as('k'),
      sql<number>`sum(count)`.as('n'),
    ])
    .where('minute', '>=', since)
    .where('minute', '<', until);
  for (const [field, value] of Object.entries(filter.equals) as Array<[FilterField, string]>) {
    query = query.where(sql.ref(FILTER_COLUMN[field]), '=', value);
  }
  return query.groupBy(['t', 'k']).execute();
}

async function fromEvents(
  db: Kysely<Database>,
  { filter, by, since, until, size }: CountQuery,
): Promise<Counts> {
  return applyFilter(db.selectFrom('failures'), { ...filter, since, until })
    .select([
      sql<number>`(occurred_at / ${sql.lit(size)}) * ${sql.lit(size)}`.as('t'),
      sql<string | null>`${sql.ref(by)}`.as('k'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy(['t', 'k'])
    .execute();
}

/** Every bucket of the grid, the ten largest series by total (the rest summed as "(other)"). */
function shapeStats(rows: Counts, window: Window): FailureStats {
  const label = (key: string | null) => (key === null || key === '' ? NONE_LABEL : key);
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(label(row.k), (totals.get(label(row.k)) ?? 0) + Number(row.n));
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  const shown = new Set(ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES));
  const keys = ranked.length > MAX_SERIES ? [...shown, OTHER_LABEL] : [...shown];

  const points = new Map<number, Record<string, number>>();
  for (let t = window.grid.since; t < window.grid.until; t += window.size) points.set(t, {});
  for (const row of rows) {
    const counts = points.get(Number(row.t));
    if (!counts) continue;
    const key = shown.has(label(row.k)) ? label(row.k) : OTHER_LABEL;
    counts[key] = (counts[key] ?? 0) + Number(row.n);
  }
  return {
    bucket: window.bucket,
    by: window.by,
    since: new Date(window.since).toISOString(),
    until: new Date(window.until).toISOString(),
    keys,
    points: [...points.entries()].map(([t, counts]) => ({ t: new Date(t).toISOString(), counts })),
  };
}
