import { sql, type Kysely } from 'kysely';

// Kept literally (not imported): a shipped migration must not change when the code around it does.
// A literal (not a parameter): PostgreSQL matches GROUP BY to SELECT expressions by their text.
const NULL_MARK = '\u001e';
const KEY = [
  'environment',
  'service',
  'cause',
  'error_code',
  'signed_by',
  'resolved_key',
  'context',
];

/**
 * Failure groups read from a per-minute rollup: counts per group key (plus `context`, so a context
 * filter is served too) per minute, with each minute's first and last failure and its last seq, so
 * a day of groups is a few thousand rows instead of a million events. Filled from the stored
 * events once; the insert keeps it from then on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('failure_group_rollup')
    .addColumn('minute', 'bigint', (c) => c.notNull());
  for (const column of KEY) table = table.addColumn(column, 'text', (c) => c.notNull());
  await table
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('failure_group_rollup_pk', ['minute', ...KEY] as never)
    .execute();
  const stored = sql.join(
    KEY.map((column) => sql`coalesce(${sql.ref(column)}, ${sql.lit(NULL_MARK)})`),
  );
  await sql`insert into failure_group_rollup (minute, ${sql.join(KEY.map((c) => sql.ref(c)))}, count, first_at, last_at, last_seq)
    select (occurred_at / 60000) * 60000, ${stored}, count(*), min(occurred_at), max(occurred_at), max(seq)
    from failures group by (occurred_at / 60000) * 60000, ${stored}`.execute(db);
}
