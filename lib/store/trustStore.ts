import type { Kysely } from 'kysely';
import type { FingerprintReport } from '../fleet/report';
import type { Placed, TrustState } from '../trust/types';
import type { Database } from './schema';

/**
 * Public-key fleets: the latest issuer signing key and verifier trust set of each instance. Only
 * the validated shapes are written (kids, thumbprints, URL, times): key material never gets here.
 */
export class TrustStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Keeps each instance's newest report per role; an older one delayed in transit changes nothing.
   * Returns how many instances now hold a different key or trust set (to notify the pages).
   */
  async record(reports: readonly FingerprintReport[], receivedAt: number): Promise<number> {
    const rows = reports.flatMap((report) => {
      const at = report.reported_at
        ? Math.min(Date.parse(report.reported_at), receivedAt)
        : receivedAt;
      const base = {
        environment: report.environment,
        purpose: report.purpose ?? 'access-token',
        service: report.service,
        instance: report.instance,
        reported_at: at,
      };
      return [
        ...(report.signing
          ? [{ ...base, role: 'issuer' as const, report: JSON.stringify(report.signing) }]
          : []),
        ...(report.trust
          ? [{ ...base, role: 'verifier' as const, report: JSON.stringify(report.trust) }]
          : []),
      ];
    });
    if (rows.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let changed = 0;
      for (const row of rows) {
        const current = await trx
          .selectFrom('trust_reports')
          .select(['report', 'reported_at'])
          .where('environment', '=', row.environment)
          .where('purpose', '=', row.purpose)
          .where('service', '=', row.service)
          .where('instance', '=', row.instance)
          .where('role', '=', row.role)
          .executeTakeFirst();
        if (current && Number(current.reported_at) > row.reported_at) continue;
        if (current?.report !== row.report) changed++;
        await trx
          .insertInto('trust_reports')
          .values(row)
          .onConflict((conflict) =>
            conflict
              .columns(['environment', 'purpose', 'service', 'instance', 'role'])
              .doUpdateSet((eb) => ({
                report: eb.ref('excluded.report'),
                reported_at: eb.ref('excluded.reported_at'),
              }))
              .where('trust_reports.reported_at', '<=', row.reported_at),
          )
          .execute();
      }
      return changed;
    });
  }

  /** Retention (startRetention): an instance silent for the retention period is forgotten. */
  async deleteBefore(cutoff: number): Promise<number> {
    const result = await this.db
      .deleteFrom('trust_reports')
      .where('reported_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The current issuers and verifiers, of one environment or all. */
  async state(environment?: string): Promise<TrustState> {
    let query = this.db.selectFrom('trust_reports').selectAll();
    if (environment) query = query.where('environment', '=', environment);
    const rows = await query
      .orderBy('environment')
      .orderBy('purpose')
      .orderBy('service')
      .orderBy('instance')
      .execute();
    const state: TrustState = { issuers: [], verifiers: [] };
    for (const row of rows) {
      const placed: Placed = {
        environment: row.environment,
        purpose: row.purpose,
        service: row.service,
        instance: row.instance,
        reported_at: new Date(Number(row.reported_at)).toISOString(),
      };
      if (row.role === 'issuer') state.issuers.push({ ...placed, signing: JSON.parse(row.report) });
      else state.verifiers.push({ ...placed, trust: JSON.parse(row.report) });
    }
    return state;
  }
}
