import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * How many failures an instance's reporter could not deliver (dropped from its bounded queue, or
 * refused), summed over its fingerprint reports. Null until a report carries the count. int8 on
 * PostgreSQL (read back as a number, see database.ts); SQLite's integer is already 64-bit.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('fingerprint_instances')
    .addColumn('undelivered_failures', dialect === 'postgres' ? 'bigint' : 'integer')
    .execute();
}
