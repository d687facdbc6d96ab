import { sql, type Kysely } from 'kysely';
import type { FailureItem } from '../failures/types';
import { ITEM_COLUMNS, toItem } from './failureRows';
import type { Database } from './schema';

/** Stream cursors compare as strings (lib/live/feed), so they are zero-padded. */
export function streamCursor(seq: number): string {
  return String(seq).padStart(16, '0');
}

/** Stream source: events with seq after `cursor`, oldest first. */
export async function failuresAfter(
  db: Kysely<Database>,
  cursor: string | null,
  limit: number,
): Promise<{ items: FailureItem[]; cursor: string | null }> {
  const from = cursor === null ? 0 : Number(cursor);
  const rows = await db
    .selectFrom('failures')
    .select([...ITEM_COLUMNS])
    .where('seq', '>', Number.isFinite(from) ? from : 0)
    .orderBy('seq')
    .limit(limit)
    .execute();
  const last = rows.at(-1);
  return { items: rows.map(toItem), cursor: last ? streamCursor(last.seq) : cursor };
}

/** The newest failure's cursor: where a stream that wants only what comes next starts. */
export async function failuresHead(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('failures')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .executeTakeFirst();
  return row?.seq ? streamCursor(row.seq) : null;
}
