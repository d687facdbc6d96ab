import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** Aggregates /metrics reads at scrape time (small: grouped over the per-minute rollup). */
export class MetricsQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** Failures per environment and cause in the rollup minutes from `sinceMinute` on. */
  async failuresSince(
    since: number,
  ): Promise<Array<{ environment: string; cause: string; count: number }>> {
    const minute = Math.floor(since / 60_000) * 60_000;
    const rows = await this.db
      .selectFrom('failure_rollup')
      .select(['environment', 'cause', sql<number>`sum(count)`.as('count')])
      .where('minute', '>=', minute)
      .groupBy(['environment', 'cause'])
      .execute();
    return rows.map((row) => ({
      environment: row.environment,
      cause: row.cause,
      count: Number(row.count),
    }));
  }

  /** Firing alerts per kind. */
  async firingByKind(): Promise<Array<{ kind: string; count: number }>> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['kind', sql<number>`count(*)`.as('count')])
      .where('status', '=', 'firing')
      .groupBy('kind')
      .execute();
    return rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
  }
}
