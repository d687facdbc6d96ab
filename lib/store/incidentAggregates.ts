import { sql, type Kysely } from 'kysely';
import type { FailureFilter } from '../failures/query';
import type { IncidentAggregates } from '../failures/types';
import { applyFilter } from './failureFilter';
import type { Database } from './schema';

/** The aggregates an incident review needs over `filter` (an environment and a window). */
export async function incidentAggregates(
  db: Kysely<Database>,
  filter: FailureFilter,
): Promise<IncidentAggregates> {
  const base = () => applyFilter(db.selectFrom('failures'), filter);
  const span = await base()
    .select([
      sql<number | null>`min(occurred_at)`.as('first'),
      sql<number | null>`max(occurred_at)`.as('last'),
      sql<number>`count(*)`.as('n'),
    ])
    .executeTakeFirst();
  const services = await base()
    .select(['service', sql<number>`count(*)`.as('n')])
    .groupBy('service')
    .execute();
  const instances = await base()
    .select(['service', 'instance', sql<number>`count(*)`.as('n')])
    .groupBy(['service', 'instance'])
    .execute();
  const users = await base()
    .select(['user_name', sql<number>`count(*)`.as('n')])
    .where('user_name', 'is not', null)
    .groupBy('user_name')
    .orderBy('n', 'desc')
    .limit(1000)
    .execute();
  const matrix = await base()
    .select([
      'signed_by',
      'service',
      'resolved_key',
      'resolved_source',
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy(['signed_by', 'service', 'resolved_key', 'resolved_source'])
    .execute();
  const byCount = <T extends { n: number }>(rows: T[]) =>
    rows.map((row) => ({ ...row, n: Number(row.n) })).sort((a, b) => b.n - a.n);
  return {
    total: Number(span?.n ?? 0),
    first: span?.first === null || span?.first === undefined ? null : Number(span.first),
    last: span?.last === null || span?.last === undefined ? null : Number(span.last),
    services: byCount(services).map((row) => ({ service: row.service, count: row.n })),
    instances: byCount(instances).map((row) => ({
      service: row.service,
      instance: row.instance,
      count: row.n,
    })),
    users: byCount(users).map((row) => ({ user: row.user_name!, count: row.n })),
    signerVsResolver: byCount(matrix).map((row) => ({
      signed_by: row.signed_by,
      service: row.service,
      resolved_key: row.resolved_key,
      resolved_source: row.resolved_source,
      count: row.n,
    })),
  };
}
