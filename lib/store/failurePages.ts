import type { Kysely } from 'kysely';
import { asBadRequest } from '../http/errors';
import type { FailureFilter } from '../failures/query';
import type { FailureDetail, FailurePage } from '../failures/types';
import { applyFilter } from './failureFilter';
import { ITEM_COLUMNS, toDetail, toItem } from './failureRows';
import type { Database } from './schema';

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  /**
   * By name, not `instanceof`: the runtime singleton may come from another bundle of this module
   * (Next.js compiles route handlers separately), and then the classes differ.
   */
  static is(error: unknown): error is InvalidCursorError {
    return error instanceof Error && error.name === 'InvalidCursorError';
  }
}

export async function failureById(db: Kysely<Database>, id: string): Promise<FailureDetail | null> {
  if (!/^\d{1,15}$/.test(id)) return null;
  const row = await db
    .selectFrom('failures')
    .selectAll()
    .where('seq', '=', Number(id))
    .executeTakeFirst();
  return row ? toDetail(row) : null;
}

/** Newest first; `cursor` is the opaque `next_cursor` of the previous page. */
export async function failurePage(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { cursor?: string; limit: number },
): Promise<FailurePage> {
  let query = applyFilter(db.selectFrom('failures').select([...ITEM_COLUMNS]), filter);
  if (options.cursor) {
    const [occurredAt, seq] = decodeCursor(options.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('occurred_at', '<', occurredAt),
        eb.and([eb('occurred_at', '=', occurredAt), eb('seq', '<', seq)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next_cursor:
      rows.length > options.limit && last ? encodeCursor(last.occurred_at, last.seq) : null,
  };
}

/** A 400 on `cursor`, answered by lib/http/errors. */
export function invalidCursor(): InvalidCursorError {
  return asBadRequest(
    new InvalidCursorError('"cursor" is not a cursor this server gave out'),
    'cursor',
  );
}

function encodeCursor(occurredAt: number, seq: number): string {
  return Buffer.from(`${occurredAt}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidCursor();
  return [Number(match[1]), Number(match[2])];
}
