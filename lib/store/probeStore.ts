import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ProbeOutcome,
  ProbeResult,
  ProbeWay,
  StoredProbeResult,
  TokenSourceKind,
} from '../probes/types';
import type { Dialect } from './database';
import type { Database, ProbeResultsTable } from './schema';

const WRITE_LOCK = 0x70726f62;

/** Probe results: one row per run × target × way, with since when that cell has been in its state. */
export class ProbeStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(results: readonly ProbeResult[]): Promise<StoredProbeResult[]> {
    if (results.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
      const stored: StoredProbeResult[] = [];
      for (const result of results) {
        const previous = await trx
          .selectFrom('probe_results')
          .select(['outcome', 'status', 'close_code', 'since'])
          .where('environment', '=', result.environment)
          .where('probe', '=', result.probe)
          .where('target', '=', result.target)
          .where('way', '=', result.way)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const same =
          previous &&
          previous.outcome === result.outcome &&
          previous.status === result.status &&
          previous.close_code === result.closeCode;
        const since = same ? previous.since : result.at;
        const row = await trx
          .insertInto('probe_results')
          .values({ ...toRow(result), since })
          .returning('seq')
          .executeTakeFirstOrThrow();
        stored.push({ ...result, seq: row.seq, since });
      }
      return stored;
    });
  }

  /** The newest result of every target × way, for one environment or all. */
  async latest(environment?: string): Promise<StoredProbeResult[]> {
    let newest = this.db
      .selectFrom('probe_results')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .groupBy(['environment', 'probe', 'target', 'way']);
    if (environment) newest = newest.where('environment', '=', environment);
    const rows = await this.db
      .selectFrom('probe_results')
      .selectAll()
      .where('seq', 'in', newest)
      .orderBy('seq')
      .execute();
    return rows.map(fromRow);
  }

  /** The most recent results, newest first. */
  async history(environment: string | undefined, limit: number): Promise<StoredProbeResult[]> {
    let query = this.db.selectFrom('probe_results').selectAll().orderBy('seq', 'desc').limit(limit);
    if (environment) query = query.where('environment', '=', environment);
    return (await query.execute()).map(fromRow);
  }

  /** Results that began a new state (a first run, pass → fail, 1008 → 1011) in [since, until), oldest first. */
  async changes(
    environment: string,
    since: number,
    until: number,
    limit = 500,
  ): Promise<StoredProbeResult[]> {
    const rows = await this.db
      .selectFrom('probe_results')
      .selectAll()
      .where('environment', '=', environment)
      .where('at', '>=', since)
      .where('at', '<', until)
      .whereRef('since', '=', 'at')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async deleteBefore(cutoff: number): Promise<number> {
    const result = await this.db
      .deleteFrom('probe_results')
      .where('at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(result: ProbeResult): Omit<ProbeResultsTable, 'seq' | 'since'> {
  return {
    run_id: result.runId,
    at: result.at,
    environment: result.environment,
    probe: result.probe,
    target: result.target,
    kind: result.kind,
    way: result.way,
    service: result.service,
    instance: result.instance,
    url: result.url,
    outcome: result.outcome,
    status: result.status,
    close_code: result.closeCode,
    reason: result.reason,
    latency_ms: result.latencyMs,
    token_source: result.tokenSource,
    signed_by: result.signedBy,
  };
}

function fromRow(row: Selectable<ProbeResultsTable>): StoredProbeResult {
  return {
    seq: Number(row.seq),
    runId: row.run_id,
    at: Number(row.at),
    environment: row.environment,
    probe: row.probe,
    target: row.target,
    kind: row.kind as ProbeResult['kind'],
    way: row.way as ProbeWay,
    service: row.service,
    instance: row.instance,
    url: row.url,
    outcome: row.outcome as ProbeOutcome,
    status: row.status,
    closeCode: row.close_code,
    reason: row.reason,
    latencyMs: row.latency_ms,
    tokenSource: row.token_source as TokenSourceKind,
    signedBy: row.signed_by,
    since: Number(row.since),
  };
}
