import { sql, type Kysely } from 'kysely';
import type { NormalizedFailure } from '../failures/normalize';
import type { Dialect } from './database';
import { kyselyInsert, type FailureInsert } from './failureInsert';
import { toRow } from './failureRows';
import { upsertRollup } from './failureRollup';
import { upsertGroupRollup } from './groupRollup';
import type { Database } from './schema';

const LOOKUP_CHUNK = 500; // event ids per lookup, far under SQLite's 32,766 bound parameters
// One lock id for "failures are being written": PostgreSQL then commits in sequence order, so a
// reader that has seen seq N never later finds a smaller seq appear (the stream cursor relies on it).
const INSERT_LOCK = 0x61757468;

export interface InsertResult {
  ids: string[];
  /** How many were new; the rest were retries of an `event_id` already stored. */
  inserted: number;
}

/**
 * One transaction for several requests, in arrival order: an `event_id` already stored, or seen
 * earlier in the same transaction, answers the first one's id instead of a second row.
 */
export async function commitFailures(
  db: Kysely<Database>,
  dialect: Dialect,
  requests: ReadonlyArray<readonly NormalizedFailure[]>,
  insert: FailureInsert = kyselyInsert,
): Promise<InsertResult[]> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${INSERT_LOCK})`.execute(trx);
    const all = requests.flat();
    const known = await storedEventIds(trx, all);

    const fresh: NormalizedFailure[] = [];
    const pending = new Set<string>();
    const isFresh = all.map((failure) => {
      if (
        failure.event_id !== null &&
        (known.has(failure.event_id) || pending.has(failure.event_id))
      )
        return false;
      if (failure.event_id !== null) pending.add(failure.event_id);
      fresh.push(failure);
      return true;
    });
    const seqs: number[] = [];
    for (const row of await insert(trx, fresh.map(toRow))) {
      seqs.push(row.seq);
      if (row.event_id !== null) known.set(row.event_id, row.seq);
    }
    await upsertRollup(trx, fresh);
    await upsertGroupRollup(trx, fresh, seqs);

    let nextSeq = 0;
    let offset = 0;
    return requests.map((failures) => {
      const ids = failures.map((failure, index) => {
        if (isFresh[offset + index]) return String(seqs[nextSeq++]);
        return String(known.get(failure.event_id!)!);
      });
      const inserted = failures.filter((_, index) => isFresh[offset + index]).length;
      offset += failures.length;
      return { ids, inserted };
    });
  });
}

/** event_id → seq for the failures' event ids already in the store. */
async function storedEventIds(
  trx: Kysely<Database>,
  failures: readonly NormalizedFailure[],
): Promise<Map<string, number>> {
  const eventIds = [
    ...new Set(
      failures.map((failure) => failure.event_id).filter((id): id is string => id !== null),
    ),
  ];
  const known = new Map<string, number>();
  for (let start = 0; start < eventIds.length; start += LOOKUP_CHUNK) {
    const rows = await trx
      .selectFrom('failures')
      .select(['seq', 'event_id'])
      .where('event_id', 'in', eventIds.slice(start, start + LOOKUP_CHUNK))
      .execute();
    for (const row of rows) known.set(row.event_id!, row.seq);
  }
  return known;
}
