import { sql, type Kysely, type Selectable } from 'kysely';
import type { FingerprintReport } from '../fleet/report';
import type { InstanceState } from '../fleet/group';
import type { FingerprintEvent } from '../fleet/instanceFields';
import type { Dialect } from './database';
import type { Database, FingerprintEventsTable } from './schema';
import { streamCursor } from './failureStream';

/** One change in the history, as stored (fingerprints raw: the API maps them for display). */
export type StoredFingerprintEvent = FingerprintEvent;

const WRITE_LOCK = 0x66707274;

/** Fingerprint reports: a history of changes per instance, and the current state derived from it. */
export class FingerprintStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Records reports (pushed or polled). A report that repeats an instance's current fingerprint,
   * source and version only refreshes its last-seen time; anything else is a change event.
   */
  async record(
    reports: readonly FingerprintReport[],
    receivedAt: number,
  ): Promise<StoredFingerprintEvent[]> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
      const changes: StoredFingerprintEvent[] = [];
      for (const report of reports) {
        const at = report.reported_at
          ? Math.min(Date.parse(report.reported_at), receivedAt)
          : receivedAt;
        const purpose = report.purpose ?? 'access-token';
        const key = {
          environment: report.environment,
          purpose,
          service: report.service,
          instance: report.instance,
        };
        const current = await trx
          .selectFrom('fingerprint_instances')
          .select([
            'fingerprint',
            'source',
            'version',
            'changed_at',
            'last_seen_at',
            'undelivered_failures',
          ])
          .where('environment', '=', key.environment)
          .where('purpose', '=', key.purpose)
          .where('service', '=', key.service)
          .where('instance', '=', key.instance)
          .executeTakeFirst();
        // Each report carries what was lost since the reporter's last accepted one: the sum is what
        // this instance never delivered, and a later report without losses does not hide it.
        const before = current?.undelivered_failures ?? null;
        const undelivered =
          report.undelivered_failures === undefined
            ? before
            : Math.min(Number.MAX_SAFE_INTEGER, (before ?? 0) + report.undelivered_failures);
        // A report older than the instance's last change (delayed in transit) describes the past;
        // the failures it says were lost were lost all the same.
        if (current && at < current.changed_at) {
          if (undelivered !== before) {
            await trx
              .updateTable('fingerprint_instances')
              .set({ undelivered_failures: undelivered })
              .where('environment', '=', key.environment)
              .where('purpose', '=', key.purpose)
              .where('service', '=', key.service)
              .where('instance', '=', key.instance)
              .execute();
          }
          continue;
        }
        const source = report.source ?? null;
        const version = report.version ?? null;
        const changed =
          !current ||
          current.fingerprint !== report.fingerprint ||
          current.source !== source ||
          current.version !== version;
        const state = {
          fingerprint: report.fingerprint,
          algorithm: report.algorithm ?? null,
          source,
          version,
          length: report.length ?? null,
          resolution: report.resolution ? JSON.stringify(report.resolution) : null,
          last_seen_at: Math.max(at, current?.last_seen_at ?? 0),
          changed_at: changed ? at : current!.changed_at,
          undelivered_failures: undelivered,
        };
        if (changed) {
          const event = {
            at,
            ...key,
            fingerprint: report.fingerprint,
            previous_fingerprint: current?.fingerprint ?? null,
            source,
            version,
            kind: current ? ('changed' as const) : ('first_seen' as const),
          };
          const row = await trx
            .insertInto('fingerprint_events')
            .values(event)
            .returning('seq')
            .executeTakeFirstOrThrow();
          changes.push({ seq: row.seq, ...event });
        }
        await trx
          .insertInto('fingerprint_instances')
          .values({ ...key, ...state })
          .onConflict((conflict) =>
            conflict.columns(['environment', 'purpose', 'service', 'instance']).doUpdateSet(state),
          )
          .execute();
      }
      return changes;
    });
  }

  async instances(environment?: string): Promise<InstanceState[]> {
    let query = this.db.selectFrom('fingerprint_instances').selectAll();
    if (environment) query = query.where('environment', '=', environment);
    const rows = await query
      .orderBy('environment')
      .orderBy('service')
      .orderBy('instance')
      .execute();
    return rows.map((row) => ({
      environment: row.environment,
      purpose: row.purpose,
      service: row.service,
      instance: row.instance,
      fingerprint: row.fingerprint,
      algorithm: row.algorithm,
      source: row.source,
      version: row.version,
      length: row.length,
      resolution: row.resolution ? JSON.parse(row.resolution) : null,
      last_seen_at: new Date(row.last_seen_at).toISOString(),
      changed_at: new Date(row.changed_at).toISOString(),
      ...(row.undelivered_failures !== null
        ? { undelivered_failures: row.undelivered_failures }
        : {}),
    }));
  }

  /** Changes of one environment in [since, until), newest first. */
  async history(
    environment: string,
    options: { since?: number; until?: number; limit: number },
  ): Promise<StoredFingerprintEvent[]> {
    let query = this.db
      .selectFrom('fingerprint_events')
      .selectAll()
      .where('environment', '=', environment);
    if (options.since !== undefined) query = query.where('at', '>=', options.since);
    if (options.until !== undefined) query = query.where('at', '<', options.until);
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toEvent);
  }

  /** Stream source, like FailureStore.after. */
  async after(
    cursor: string | null,
    limit: number,
  ): Promise<{ items: StoredFingerprintEvent[]; cursor: string | null }> {
    const from = cursor === null ? 0 : Number(cursor);
    const rows = await this.db
      .selectFrom('fingerprint_events')
      .selectAll()
      .where('seq', '>', Number.isFinite(from) ? from : 0)
      .orderBy('seq')
      .limit(limit)
      .execute();
    const last = rows.at(-1);
    return { items: rows.map(toEvent), cursor: last ? streamCursor(last.seq) : cursor };
  }

  async head(): Promise<string | null> {
    const row = await this.db
      .selectFrom('fingerprint_events')
      .select(sql<number | null>`max(seq)`.as('seq'))
      .executeTakeFirst();
    return row?.seq ? streamCursor(row.seq) : null;
  }
}

function toEvent(row: Selectable<FingerprintEventsTable>): StoredFingerprintEvent {
  return { ...row, kind: row.kind };
}
