import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { FILTER_COLUMN, isStatsDimension, type FilterField } from '../failures/dimensions';
import { GROUP_COLUMNS, type GroupKey } from '../failures/groups';
import type { FailureFilter } from '../failures/query';
import { applyFilter } from './failureFilter';
import { inAnyGroupSql, NULL_MARK } from './groupFilter';
import { storedKey } from './groupRollup';
import type { Database } from './schema';

const MINUTE = 60_000;

/**
 * Where a range of failures is counted from: whole minutes from the group rollup, the partial
 * minutes at either end (and any filter the rollup has no column for) from the events.
 */
interface Part {
  source: 'rollup' | 'events';
  since?: number;
  until?: number;
}

/** The rollup holds every filter but the user and the free text (lib/failures/dimensions). */
export function rollupServes(filter: FailureFilter): boolean {
  const values = [...Object.values(filter.equals), ...Object.values(filter.group ?? {})];
  return (
    filter.q === undefined &&
    Object.keys(filter.equals).every(isStatsDimension) &&
    values.every((value) => value === null || !value.includes(NULL_MARK))
  );
}

/** [since, until) split into the rollup's whole minutes and the events' edges. */
export function partsOf(since: number | undefined, until: number | undefined, rollup: boolean) {
  const inner = {
    since: since === undefined ? undefined : Math.ceil(since / MINUTE) * MINUTE,
    until: until === undefined ? undefined : Math.floor(until / MINUTE) * MINUTE,
  };
  if (
    !rollup ||
    (inner.since !== undefined && inner.until !== undefined && inner.since >= inner.until)
  )
    return [{ source: 'events', since, until }] as Part[];
  const parts: Part[] = [{ source: 'rollup', ...inner }];
  if (since !== undefined && since < inner.since!)
    parts.push({ source: 'events', since, until: inner.since });
  if (until !== undefined && inner.until! < until)
    parts.push({ source: 'events', since: inner.until, until });
  return parts;
}

function rollupRows(db: Kysely<Database>, filter: FailureFilter, part: Part) {
  let query = db.selectFrom('failure_group_rollup');
  if (part.since !== undefined) query = query.where('minute', '>=', part.since);
  if (part.until !== undefined) query = query.where('minute', '<', part.until);
  for (const [field, value] of Object.entries(filter.equals) as Array<[FilterField, string]>)
    query = query.where(sql.ref(FILTER_COLUMN[field]), '=', value);
  for (const column of filter.group ? GROUP_COLUMNS : [])
    query = query.where(column, '=', filter.group![column] ?? NULL_MARK);
  return query;
}

const eventRows = (db: Kysely<Database>, filter: FailureFilter, part: Part) =>
  applyFilter(db.selectFrom('failures'), { ...filter, since: part.since, until: part.until });

// The parts have one shape; kysely cannot see that through two tables, hence the casts.
type AnyQuery = SelectQueryBuilder<Database, 'failures', Record<string, unknown>>;
const unionAll = (queries: AnyQuery[]) =>
  queries.slice(1).reduce((union, query) => union.unionAll(query), queries[0]);
const restored = GROUP_COLUMNS.map((column) =>
  sql<string | null>`nullif(${sql.ref(column)}, ${sql.lit(NULL_MARK)})`.as(column),
);

export interface GroupTotals extends GroupKey {
  n: number;
  first_at: number;
  last_at: number;
  last_seq: number;
}

/** Each group's count, first and last failure and last seq, most recently failing first. */
export async function groupTotals(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { rollup: boolean; after?: [number, number]; limit: number },
): Promise<GroupTotals[]> {
  const parts = partsOf(filter.since, filter.until, options.rollup).map(
    (part) =>
      (part.source === 'rollup'
        ? rollupRows(db, filter, part)
            .select([
              ...GROUP_COLUMNS,
              sql<number>`sum(count)`.as('n'),
              sql<number>`min(first_at)`.as('first_at'),
              sql<number>`max(last_at)`.as('last_at'),
              sql<number>`max(last_seq)`.as('last_seq'),
            ])
            .groupBy([...GROUP_COLUMNS])
        : eventRows(db, filter, part)
            .select([
              ...GROUP_COLUMNS.map((column) => storedKey(column).as(column)),
              sql<number>`count(*)`.as('n'),
              sql<number>`min(occurred_at)`.as('first_at'),
              sql<number>`max(occurred_at)`.as('last_at'),
              sql<number>`max(seq)`.as('last_seq'),
            ])
            .groupBy(GROUP_COLUMNS.map(storedKey))) as unknown as AnyQuery,
  );
  const last = sql`max(${sql.ref('last_at')})`;
  const seq = sql`max(${sql.ref('last_seq')})`;
  let query = db
    .selectFrom(unionAll(parts).as('part'))
    .select([
      ...restored,
      sql<number>`sum(${sql.ref('n')})`.as('n'),
      sql<number>`min(${sql.ref('first_at')})`.as('first_at'),
      last.as('last_at'),
      seq.as('last_seq'),
    ])
    .groupBy(GROUP_COLUMNS.map((column) => sql.ref(column)));
  if (options.after) {
    const [at, after] = options.after;
    // Aggregates, not aliases: PostgreSQL does not resolve output names inside HAVING.
    query = query.having((eb) =>
      eb.or([eb(last, '<', at), eb.and([eb(last, '=', at), eb(seq, '<', after)])]),
    );
  }
  const rows = await query
    .orderBy(last, 'desc')
    .orderBy(seq, 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    ...(row as unknown as GroupKey),
    n: Number(row.n),
    first_at: Number(row.first_at),
    last_at: Number(row.last_at),
    last_seq: Number(row.last_seq),
  }));
}

/** Failures per minute of the page's groups over `window`: [key, minute, count] rows. */
export async function groupSeries(
  db: Kysely<Database>,
  filter: FailureFilter,
  keys: GroupKey[],
  window: { since: number; until: number; rollup: boolean },
): Promise<Array<GroupKey & { t: number; n: number }>> {
  if (keys.length === 0) return [];
  const parts = partsOf(window.since, window.until, window.rollup).map(
    (part) =>
      (part.source === 'rollup'
        ? rollupRows(db, filter, part)
            .where(inAnyGroupSql(keys))
            .select([
              ...GROUP_COLUMNS,
              sql<number>`minute`.as('t'),
              sql<number>`sum(count)`.as('n'),
            ])
            .groupBy([...GROUP_COLUMNS, 'minute'])
        : eventRows(db, filter, part)
            .where(inAnyGroupSql(keys))
            .select([
              ...GROUP_COLUMNS.map((column) => storedKey(column).as(column)),
              sql<number>`(occurred_at / ${sql.lit(MINUTE)}) * ${sql.lit(MINUTE)}`.as('t'),
              sql<number>`count(*)`.as('n'),
            ])
            .groupBy([
              ...GROUP_COLUMNS.map(storedKey),
              sql`(occurred_at / ${sql.lit(MINUTE)}) * ${sql.lit(MINUTE)}`,
            ])) as unknown as AnyQuery,
  );
  const rows = await db
    .selectFrom(unionAll(parts).as('part'))
    .select([...restored, sql.ref('t').as('t'), sql<number>`sum(${sql.ref('n')})`.as('n')])
    .groupBy([...GROUP_COLUMNS.map((column) => sql.ref(column)), sql.ref('t')])
    .execute();
  return rows.map((row) => ({
    ...(row as unknown as GroupKey),
    t: Number(row.t),
    n: Number(row.n),
  }));
}
