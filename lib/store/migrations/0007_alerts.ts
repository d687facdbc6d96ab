import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * Alerts: the state of each alert (one row per stable key), its timeline, and the outbox of
 * notifications. A transition and its outbox rows are written in one transaction, so a crash can
 * delay a notification but never lose it.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const seq =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  await db.schema
    .createTable('alerts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('active_since', 'bigint', (c) => c.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('notified_at', 'bigint')
    .addColumn('silenced_until', 'bigint')
    .execute();
  await db.schema.createIndex('alerts_status').on('alerts').columns(['status']).execute();

  await db.schema
    .createTable('alert_transitions')
    .addColumn('seq', seq as never)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_transitions_key')
    .on('alert_transitions')
    .columns(['key', 'seq'])
    .execute();

  await db.schema
    .createTable('alert_outbox')
    .addColumn('id', seq as never)
    .addColumn('transition_seq', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    /** JSON of the notification (alert state and link): what to send, as it was at the transition. */
    .addColumn('notification', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('alert_outbox_due')
    .on('alert_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('alert_outbox_key')
    .on('alert_outbox')
    .columns(['key', 'id'])
    .execute();
}
