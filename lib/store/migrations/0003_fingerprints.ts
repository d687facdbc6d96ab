import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const seq =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  // History: one row per first sighting and per change of fingerprint, source or version.
  await db.schema
    .createTable('fingerprint_events')
    .addColumn('seq', seq as never)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('previous_fingerprint', 'text')
    .addColumn('source', 'text')
    .addColumn('version', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fingerprint_events_env_at')
    .on('fingerprint_events')
    .columns(['environment', 'at'])
    .execute();

  // The current state of each instance, derived from the history as it is written.
  await db.schema
    .createTable('fingerprint_instances')
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text')
    .addColumn('source', 'text')
    .addColumn('version', 'text')
    .addColumn('length', 'integer')
    .addColumn('resolution', 'text')
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fingerprint_instances_pk', [
      'environment',
      'purpose',
      'service',
      'instance',
    ])
    .execute();
}
