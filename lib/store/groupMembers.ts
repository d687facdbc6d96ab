import { sql, type Kysely } from 'kysely';
import { encodeGroupId, GROUP_COLUMNS, type GroupKey } from '../failures/groups';
import type { FailureFilter } from '../failures/query';
import { applyFilter } from './failureFilter';
import { inAnyGroup } from './groupFilter';
import type { Database } from './schema';

export interface Members {
  /** How many distinct values the group has. */
  count: number;
  top: Array<{ value: string; count: number }>;
}

/**
 * The `n` most frequent values of `column` in each of the page's groups and how many distinct
 * values each has, by one window query over the events: the one part of the groups the rollup
 * cannot hold, bounded by the page's groups.
 */
export async function membersPerGroup(
  db: Kysely<Database>,
  filter: FailureFilter,
  keys: GroupKey[],
  column: 'instance' | 'user_name' | 'cause_detail',
  n: number,
  /** The page holds every group the filter matches: the filter alone bounds the events. */
  everyGroup = false,
): Promise<Map<string, Members>> {
  const byGroup = new Map<string, Members>();
  if (keys.length === 0) return byGroup;
  const partition = sql.join(GROUP_COLUMNS.map((name) => sql.ref(name)));
  let events = applyFilter(db.selectFrom('failures'), filter);
  if (!everyGroup) events = events.where((eb) => inAnyGroup(eb, keys));
  const ranked = events
    .where(column, 'is not', null)
    .select([
      ...GROUP_COLUMNS,
      sql<string>`${sql.ref(column)}`.as('value'),
      sql<number>`count(*)`.as('n'),
      sql<number>`row_number() over (partition by ${partition} order by count(*) desc, ${sql.ref(column)})`.as(
        'rank',
      ),
      sql<number>`count(*) over (partition by ${partition})`.as('distinct_values'),
    ])
    .groupBy([...GROUP_COLUMNS, column]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('rank', '<=', n)
    .orderBy('rank')
    .execute();
  const wanted = new Set(keys.map(encodeGroupId));
  for (const row of rows) {
    const id = encodeGroupId(
      Object.fromEntries(GROUP_COLUMNS.map((name) => [name, row[name]])) as GroupKey,
    );
    if (!wanted.has(id)) continue; // a joined-text neighbour (lib/store/groupFilter)
    const entry = byGroup.get(id) ?? { count: Number(row.distinct_values), top: [] };
    entry.top.push({ value: row.value, count: Number(row.n) });
    byGroup.set(id, entry);
  }
  return byGroup;
}
