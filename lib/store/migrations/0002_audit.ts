import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  await db.schema
    .createTable('audit_log')
    .addColumn('id', id as never)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('peer', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}
