import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import type { Database, FailuresTable } from './schema';

type FailureRow = Insertable<FailuresTable>;
type Stored = { seq: number; event_id: string | null };

/** Inserts rows inside the open transaction `trx`; the stored seq of each, in order. */
export type FailureInsert = (
  trx: Kysely<Database>,
  rows: readonly FailureRow[],
) => Promise<Stored[]>;

const INSERT_CHUNK = 500; // 30 columns × 500 rows stays under SQLite's 32,766 bound parameters

/** The portable insert: multi-row statements through Kysely (PostgreSQL). */
export const kyselyInsert: FailureInsert = async (trx, rows) => {
  const stored: Stored[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    stored.push(
      ...(await trx
        .insertInto('failures')
        .values(chunk as FailureRow[])
        .returning(['seq', 'event_id'])
        .execute()),
    );
  }
  return stored;
};

/**
 * The embedded store's insert: one statement prepared once and run per row on the connection
 * the transaction holds (better-sqlite3 is synchronous, so the rows join that transaction).
 * Compiling and preparing a fresh multi-row statement per commit cost more than the rows did.
 */
export function sqliteInsert(database: BetterSqlite3.Database): FailureInsert {
  let prepared: { columns: string[]; statement: BetterSqlite3.Statement } | null = null;
  return async (_trx, rows) => {
    if (rows.length === 0) return [];
    if (!prepared) {
      // The columns of toRow (lib/store/failureRows.ts): one list for both inserts.
      const columns = Object.keys(rows[0]!);
      prepared = {
        columns,
        statement: database.prepare(
          `insert into failures (${columns.map((name) => `"${name}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        ),
      };
    }
    const { columns, statement } = prepared;
    return rows.map((row) => {
      const values = columns.map((name) => row[name as keyof FailureRow] ?? null);
      const seq = Number(statement.run(values).lastInsertRowid);
      return { seq, event_id: row.event_id ?? null };
    });
  };
}
