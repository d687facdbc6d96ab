import { sql, type Kysely } from 'kysely';
import { FAILURE_DIMENSIONS } from '../failures/dimensions';
import type { NormalizedFailure } from '../failures/normalize';
import type { Database, FailureRollupTable } from './schema';

const INSERT_CHUNK = 500; // 8 columns × 500 rows, far under SQLite's 32,766 bound parameters

type RollupColumn = Exclude<keyof FailureRollupTable, 'minute' | 'count'>;
type RollupRow = FailureRollupTable;

/** The rolled-up dimensions (lib/failures/dimensions); a null is stored as '' to keep one key. */
export const ROLLUP_COLUMNS = FAILURE_DIMENSIONS.filter((dimension) => dimension.rollup).map(
  (dimension) => dimension.column as RollupColumn,
);

/** Adds the failures to the per-minute rollup, inside the insert's transaction. */
export async function upsertRollup(
  trx: Kysely<Database>,
  failures: readonly NormalizedFailure[],
): Promise<void> {
  const counts = new Map<string, RollupRow>();
  for (const failure of failures) {
    const row = {
      minute: Math.floor(failure.occurred_at / 60_000) * 60_000,
      count: 0,
    } as RollupRow;
    for (const column of ROLLUP_COLUMNS) row[column] = failure[column] ?? '';
    const key = JSON.stringify([row.minute, ...ROLLUP_COLUMNS.map((column) => row[column])]);
    const entry = counts.get(key) ?? row;
    entry.count += 1;
    counts.set(key, entry);
  }
  const rows = [...counts.values()];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('failure_rollup')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((conflict) =>
        conflict
          .columns(['minute', ...ROLLUP_COLUMNS])
          .doUpdateSet({ count: sql`failure_rollup.count + excluded.count` }),
      )
      .execute();
  }
}

/**
 * Recounts one minute of the rollup from the events left in it (after retention cut into it), so
 * stats read from the rollup still match the events.
 */
export async function recountRollupMinute(trx: Kysely<Database>, minute: number): Promise<void> {
  await trx
    .insertInto('failure_rollup')
    .columns(['minute', ...ROLLUP_COLUMNS, 'count'])
    .expression(
      trx
        .selectFrom('failures')
        .select([
          sql<number>`${sql.lit(minute)}`.as('minute'),
          ...ROLLUP_COLUMNS.map((column) =>
            sql<string>`coalesce(${sql.ref(column)}, '')`.as(column),
          ),
          sql<number>`count(*)`.as('count'),
        ])
        .where('occurred_at', '>=', minute)
        .where('occurred_at', '<', minute + 60_000)
        .groupBy(ROLLUP_COLUMNS.map((column) => sql`coalesce(${sql.ref(column)}, '')`)),
    )
    .execute();
}
