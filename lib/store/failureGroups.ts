import { sql, type Kysely } from 'kysely';
import {
  encodeGroupId,
  GROUP_COLUMNS,
  type FailureGroup,
  type FailureGroupPage,
  type GroupKey,
} from '../failures/groups';
import type { FailureFilter } from '../failures/query';
import { applyFilter } from './failureFilter';
import { invalidCursor } from './failurePages';
import { inAnyGroup } from './groupFilter';
import type { Database } from './schema';

const MINUTE = 60_000;
/** Without `since`, a group's sparkline shows the last hour; never more than a day of minutes. */
const DEFAULT_SERIES = 60 * MINUTE;
const MAX_SERIES = 1_440 * MINUTE;
const TOP = 3;

interface GroupRow extends GroupKey {
  n: number;
  first: number;
  last: number;
  last_seq: number;
  instances: number;
  users: number;
}

/**
 * The failures matching `filter`, grouped into problems, most recently failing first. The counts,
 * series and top members are computed by the database, over the same filter as the list.
 */
export async function failureGroups(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { cursor?: string; limit: number; now: number },
): Promise<FailureGroupPage> {
  const rows = await groupRows(db, filter, options);
  const page = rows.slice(0, options.limit);
  const window = seriesWindow(
    filter,
    options.now,
    Math.max(...page.map((row) => Number(row.last))),
  );
  const keys = page.map(keyOf);
  const [series, instances, users, explanations] = await Promise.all([
    seriesOf(db, filter, keys, window),
    topPerGroup(db, filter, keys, 'instance', TOP),
    topPerGroup(db, filter, keys, 'user_name', TOP),
    topPerGroup(db, filter, keys, 'cause_detail', 1),
  ]);
  const buckets = Math.ceil((window.until - window.start) / MINUTE);
  const items = page.map((row): FailureGroup => {
    const key = keyOf(row);
    const id = encodeGroupId(key);
    return {
      id,
      ...key,
      count: Number(row.n),
      first_seen: new Date(Number(row.first)).toISOString(),
      last_seen: new Date(Number(row.last)).toISOString(),
      explanation: explanations.get(id)?.[0]?.value ?? null,
      series: denseSeries(series.get(id) ?? [], window.start, buckets),
      instances: {
        count: Number(row.instances),
        top: (instances.get(id) ?? []).map((entry) => ({
          instance: entry.value,
          count: entry.count,
        })),
      },
      users: {
        count: Number(row.users),
        top: (users.get(id) ?? []).map((entry) => ({ user: entry.value, count: entry.count })),
      },
    };
  });
  const last = page.at(-1);
  return {
    items,
    next_cursor:
      rows.length > options.limit && last
        ? encodeCursor(Number(last.last), Number(last.last_seq))
        : null,
    series: {
      bucket: 'minute',
      since: new Date(window.start).toISOString(),
      until: new Date(window.until).toISOString(),
    },
  };
}

async function groupRows(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { cursor?: string; limit: number },
): Promise<GroupRow[]> {
  let query = applyFilter(db.selectFrom('failures'), filter)
    .select([
      ...GROUP_COLUMNS,
      sql<number>`count(*)`.as('n'),
      sql<number>`min(occurred_at)`.as('first'),
      sql<number>`max(occurred_at)`.as('last'),
      sql<number>`max(seq)`.as('last_seq'),
      sql<number>`count(distinct instance)`.as('instances'),
      sql<number>`count(distinct user_name)`.as('users'),
    ])
    .groupBy([...GROUP_COLUMNS]);
  if (options.cursor) {
    const [last, seq] = decodeCursor(options.cursor);
    // Aggregates, not aliases: PostgreSQL does not resolve output names inside HAVING.
    query = query.having((eb) =>
      eb.or([
        eb(sql`max(occurred_at)`, '<', last),
        eb.and([eb(sql`max(occurred_at)`, '=', last), eb(sql`max(seq)`, '<', seq)]),
      ]),
    );
  }
  return query
    .orderBy(sql`max(occurred_at)`, 'desc')
    .orderBy(sql`max(seq)`, 'desc')
    .limit(options.limit + 1)
    .execute();
}

/**
 * The sparkline window: the filter's range when it is at most a day (so the series adds up to the
 * count); for a longer range, the day up to the page's most recent failure, where the trend is.
 */
function seriesWindow(
  filter: FailureFilter,
  now: number,
  latest: number,
): { since: number; until: number; start: number } {
  const end = filter.until ?? Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const since0 = filter.since ?? end - DEFAULT_SERIES;
  const until =
    end - since0 > MAX_SERIES && Number.isFinite(latest)
      ? Math.min(end, Math.floor(latest / MINUTE) * MINUTE + MINUTE)
      : end;
  const since = Math.max(since0, until - MAX_SERIES);
  return { since, until, start: Math.floor(since / MINUTE) * MINUTE };
}

async function seriesOf(
  db: Kysely<Database>,
  filter: FailureFilter,
  keys: GroupKey[],
  window: { since: number; until: number },
) {
  const byGroup = new Map<string, Array<{ t: number; n: number }>>();
  if (keys.length === 0) return byGroup;
  const rows = await applyFilter(db.selectFrom('failures'), {
    ...filter,
    since: window.since,
    until: window.until,
  })
    .where((eb) => inAnyGroup(eb, keys))
    .select([
      ...GROUP_COLUMNS,
      sql<number>`(occurred_at / ${sql.lit(MINUTE)}) * ${sql.lit(MINUTE)}`.as('t'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy([...GROUP_COLUMNS, 't'])
    .execute();
  for (const row of rows) {
    const id = encodeGroupId(keyOf(row));
    byGroup.set(id, [...(byGroup.get(id) ?? []), { t: Number(row.t), n: Number(row.n) }]);
  }
  return byGroup;
}

function denseSeries(
  points: Array<{ t: number; n: number }>,
  start: number,
  buckets: number,
): number[] {
  const series = new Array<number>(buckets).fill(0);
  for (const point of points) {
    const index = (point.t - start) / MINUTE;
    if (index >= 0 && index < buckets) series[index] += point.n;
  }
  return series;
}

/** The `n` most frequent values of `column` in each of the groups, by one window function. */
async function topPerGroup(
  db: Kysely<Database>,
  filter: FailureFilter,
  keys: GroupKey[],
  column: 'instance' | 'user_name' | 'cause_detail',
  n: number,
) {
  const byGroup = new Map<string, Array<{ value: string; count: number }>>();
  if (keys.length === 0) return byGroup;
  const partition = sql.join(GROUP_COLUMNS.map((name) => sql.ref(name)));
  const ranked = applyFilter(db.selectFrom('failures'), filter)
    .where((eb) => inAnyGroup(eb, keys))
    .where(column, 'is not', null)
    .select([
      ...GROUP_COLUMNS,
      sql<string>`${sql.ref(column)}`.as('value'),
      sql<number>`count(*)`.as('n'),
      sql<number>`row_number() over (partition by ${partition} order by count(*) desc, ${sql.ref(column)})`.as(
        'rank',
      ),
    ])
    .groupBy([...GROUP_COLUMNS, column]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('rank', '<=', n)
    .orderBy('rank')
    .execute();
  for (const row of rows) {
    const id = encodeGroupId(keyOf(row));
    byGroup.set(id, [...(byGroup.get(id) ?? []), { value: row.value, count: Number(row.n) }]);
  }
  return byGroup;
}

function keyOf(row: GroupKey): GroupKey {
  return Object.fromEntries(GROUP_COLUMNS.map((column) => [column, row[column]])) as GroupKey;
}

function encodeCursor(last: number, seq: number): string {
  return Buffer.from(`g:${last}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^g:(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidCursor();
  return [Number(match[1]), Number(match[2])];
}
