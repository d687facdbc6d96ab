import { sql, type Kysely } from 'kysely';
import type { NormalizedFailure } from '../failures/normalize';
import type { Database } from './schema';

const INSERT_CHUNK = 500; // 8 columns × 500 rows, far under SQLite's 32,766 bound parameters

/** Adds the failures to the per-minute rollup, inside the insert's transaction. */
export async function upsertRollup(trx: Kysely<Database>, failures: readonly NormalizedFailure[]): Promise<void> {
  const counts = new Map<string, { minute: number; environment: string; service: string; error_code: string; signed_by: string; context: string; cause: string; count: number }>();
  for (const failure of failures) {
    const row = {
      minute: Math.floor(failure.occurred_at / 60_000) * 60_000,
      environment: failure.environment,
      service: failure.service ?? '',
      error_code: failure.error_code ?? '',
      signed_by: failure.signed_by ?? '',
      context: failure.context ?? '',
      cause: failure.cause,
      count: 0,
    };
    const key = JSON.stringify([row.minute, row.environment, row.service, row.error_code, row.signed_by, row.context, row.cause]);
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
        conflict.columns(['minute', 'environment', 'service', 'error_code', 'signed_by', 'context', 'cause']).doUpdateSet({ count: sql`failure_rollup.count + excluded.count` }),
      )
      .execute();
  }
}
