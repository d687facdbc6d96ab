import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const seq =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  // One row per probe run, target and way of presenting the token; never the token itself.
  await db.schema
    .createTable('probe_results')
    .addColumn('seq', seq as never)
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('probe', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('way', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('instance', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('close_code', 'integer')
    .addColumn('reason', 'text')
    .addColumn('latency_ms', 'integer')
    .addColumn('token_source', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('probe_results_cell_seq')
    .on('probe_results')
    .columns(['environment', 'probe', 'target', 'way', 'seq'])
    .execute();
  await db.schema.createIndex('probe_results_at').on('probe_results').column('at').execute();
}
