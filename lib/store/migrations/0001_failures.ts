import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const seq =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  await db.schema
    .createTable('failures')
    .addColumn('seq', seq as never)
    .addColumn('event_id', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('instance', 'text')
    .addColumn('context', 'text')
    .addColumn('method', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('user_name', 'text')
    .addColumn('close_code', 'integer')
    .addColumn('token_length', 'integer')
    .addColumn('token_dot_count', 'integer')
    .addColumn('token_prefix', 'text')
    .addColumn('token_suffix', 'text')
    .addColumn('has_bearer_prefix', 'integer')
    .addColumn('authorization_present', 'integer')
    .addColumn('websocket_protocol_present', 'integer')
    .addColumn('websocket_protocol', 'text')
    .addColumn('token_sha256', 'text')
    .addColumn('token_alg', 'text')
    .addColumn('token_kid', 'text')
    .addColumn('token_iss', 'text')
    .addColumn('token_exp', 'bigint')
    .addColumn('token_claims', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .execute();

  // Newest-first listing, unfiltered and by the filters on-call uses most.
  await db.schema
    .createIndex('failures_occurred')
    .on('failures')
    .columns(['occurred_at', 'seq'])
    .execute();
  for (const column of ['environment', 'service', 'error_code', 'signed_by']) {
    await db.schema
      .createIndex(`failures_${column}_occurred`)
      .on('failures')
      .columns([column, 'occurred_at'])
      .execute();
  }
  await db.schema
    .createIndex('failures_event_id')
    .on('failures')
    .column('event_id')
    .unique()
    .execute();

  await db.schema
    .createTable('failure_rollup')
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('failure_rollup_pk', [
      'minute',
      'environment',
      'service',
      'error_code',
      'signed_by',
      'context',
    ])
    .execute();
}
