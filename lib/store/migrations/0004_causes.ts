import { sql, type Kysely } from 'kysely';

/**
 * Triage: each failure's diagnosed cause, its one-line explanation, and the key its service
 * resolved at that moment (for the signer-vs-resolver matrix). The rollup gains `cause` as a
 * dimension; SQLite cannot change a primary key in place, so the table is rebuilt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['cause', 'cause_detail', 'resolved_key', 'resolved_source']) {
    await db.schema.alterTable('failures').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('failures_cause_occurred')
    .on('failures')
    .columns(['cause', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('failure_rollup_next')
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('failure_rollup_next_pk', [
      'minute',
      'environment',
      'service',
      'error_code',
      'signed_by',
      'context',
      'cause',
    ])
    .execute();
  await sql`insert into failure_rollup_next (minute, environment, service, error_code, signed_by, context, cause, count)
    select minute, environment, service, error_code, signed_by, context, '', count from failure_rollup`.execute(
    db,
  );
  await db.schema.dropTable('failure_rollup').execute();
  await db.schema.alterTable('failure_rollup_next').renameTo('failure_rollup').execute();
}
