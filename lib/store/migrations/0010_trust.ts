import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/**
 * Public-key fleets (lib/trust): the latest signing key an issuer instance reported and the latest
 * JWKS cache a verifier instance reported, one row per instance and role. `report` is the
 * validated JSON shape: kids, RFC 7638 thumbprints, the JWKS URL and times, never key material.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('trust_reports')
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('trust_reports_pk', [
      'environment',
      'purpose',
      'service',
      'instance',
      'role',
    ])
    .execute();
}
