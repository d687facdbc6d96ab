import type { Kysely } from 'kysely';
import { recountRollupMinute } from './failureRollup';
import { trimGroupRollup } from './groupRollup';
import type { Database } from './schema';

/** Retention: removes events that occurred before `cutoff`, in bounded chunks, then their rollup. */
export async function deleteFailuresBefore(
  db: Kysely<Database>,
  cutoff: number,
  chunk = 10_000,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const doomed = db
      .selectFrom('failures')
      .select('seq')
      .where('occurred_at', '<', cutoff)
      .limit(chunk);
    const result = await db.deleteFrom('failures').where('seq', 'in', doomed).executeTakeFirst();
    const count = Number(result.numDeletedRows);
    removed += count;
    if (count < chunk) break;
  }
  await trimRollup(db, cutoff);
  return removed;
}

/**
 * Drops rollup rows for minutes that ended before `cutoff` and recounts the minute it falls
 * inside from the events left, so stats read from the rollup still match the events.
 */
async function trimRollup(db: Kysely<Database>, cutoff: number): Promise<void> {
  const minute = Math.floor(cutoff / 60_000) * 60_000;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('failure_rollup').where('minute', '<', cutoff).execute();
    if (minute !== cutoff) await recountRollupMinute(trx, minute);
    await trimGroupRollup(trx, cutoff);
  });
}
