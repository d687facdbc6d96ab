import { sql, type Kysely } from 'kysely';
import { GROUP_COLUMNS } from '../failures/groups';
import { NULL_MARK } from './groupFilter';
import type { NormalizedFailure } from '../failures/normalize';
import type { Database, FailureGroupRollupTable } from './schema';

// A null is stored as NULL_MARK: NULLs never conflict in a primary key, and '' may be a real
// value where the group id tells null from ''.

const MINUTE = 60_000;
const INSERT_CHUNK = 500; // 12 columns × 500 rows, far under SQLite's 32,766 bound parameters
/** The group key plus `context`, so every rolled-up filter dimension is served by it. */
export const GROUP_ROLLUP_KEY = [...GROUP_COLUMNS, 'context'] as const;
type KeyColumn = (typeof GROUP_ROLLUP_KEY)[number];
type Row = FailureGroupRollupTable;

/** Adds the failures (with the seqs they were stored under) to the group rollup, in `trx`. */
export async function upsertGroupRollup(
  trx: Kysely<Database>,
  failures: readonly NormalizedFailure[],
  seqs: readonly number[],
): Promise<void> {
  const rows = new Map<string, Row>();
  failures.forEach((failure, index) => {
    const at = failure.occurred_at;
    const seq = Number(seqs[index]);
    const row = { minute: Math.floor(at / MINUTE) * MINUTE } as Row;
    for (const column of GROUP_ROLLUP_KEY) row[column] = failure[column] ?? NULL_MARK;
    const key = JSON.stringify([row.minute, ...GROUP_ROLLUP_KEY.map((column) => row[column])]);
    const entry = rows.get(key);
    if (!entry)
      return void rows.set(key, { ...row, count: 1, first_at: at, last_at: at, last_seq: seq });
    entry.count += 1;
    entry.first_at = Math.min(entry.first_at, at);
    entry.last_at = Math.max(entry.last_at, at);
    entry.last_seq = Math.max(entry.last_seq, seq);
  });
  const values = [...rows.values()];
  // CASE, not least()/greatest() or two-argument min()/max(): SQLite has only the one, PG the other.
  const t = (column: string) => sql.ref(`failure_group_rollup.${column}`);
  const x = (column: string) => sql.ref(`excluded.${column}`);
  for (let start = 0; start < values.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('failure_group_rollup')
      .values(values.slice(start, start + INSERT_CHUNK))
      .onConflict((conflict) =>
        conflict.columns(['minute', ...GROUP_ROLLUP_KEY]).doUpdateSet({
          count: sql`${t('count')} + ${x('count')}`,
          first_at: sql`case when ${x('first_at')} < ${t('first_at')} then ${x('first_at')} else ${t('first_at')} end`,
          last_at: sql`case when ${x('last_at')} > ${t('last_at')} then ${x('last_at')} else ${t('last_at')} end`,
          last_seq: sql`case when ${x('last_seq')} > ${t('last_seq')} then ${x('last_seq')} else ${t('last_seq')} end`,
        }),
      )
      .execute();
  }
}

/** The rollup's form of a failures column: its value, or NULL_MARK for a null. */
// A literal, not a parameter: PostgreSQL matches GROUP BY to SELECT expressions by their text.
export const storedKey = (column: KeyColumn) =>
  sql<string>`coalesce(${sql.ref(column)}, ${sql.lit(NULL_MARK)})`;

/**
 * Retention, inside its transaction: drops the minutes that ended before `cutoff` and recounts
 * the minute it falls inside from the events left, so groups read from the rollup match them.
 */
export async function trimGroupRollup(trx: Kysely<Database>, cutoff: number): Promise<void> {
  const minute = Math.floor(cutoff / MINUTE) * MINUTE;
  await trx.deleteFrom('failure_group_rollup').where('minute', '<', cutoff).execute();
  if (minute === cutoff) return;
  await trx
    .insertInto('failure_group_rollup')
    .columns(['minute', ...GROUP_ROLLUP_KEY, 'count', 'first_at', 'last_at', 'last_seq'])
    .expression(
      trx
        .selectFrom('failures')
        .select([
          sql<number>`${sql.lit(minute)}`.as('minute'),
          ...GROUP_ROLLUP_KEY.map((column) => storedKey(column).as(column)),
          sql<number>`count(*)`.as('count'),
          sql<number>`min(occurred_at)`.as('first_at'),
          sql<number>`max(occurred_at)`.as('last_at'),
          sql<number>`max(seq)`.as('last_seq'),
        ])
        .where('occurred_at', '>=', minute)
        .where('occurred_at', '<', minute + MINUTE)
        .groupBy(GROUP_ROLLUP_KEY.map((column) => storedKey(column))),
    )
    .execute();
}
