import { sql, type Kysely, type Selectable } from 'kysely';
import type { AlertKind, AlertState, AlertStatus, TransitionKind } from '../alerts/types';
import type { Notification } from '../alerts/messages';
import type { StepResult } from '../alerts/step';
import type { Destination } from '../alerts/destinations';
import type { Dialect } from './database';
import { AlertOutbox } from './alertOutbox';
import type { AlertsTable, Database } from './schema';

export type { OutboxEntry, OutboxStatus } from './alertOutbox';

const WRITE_LOCK = 0x616c7274;

export interface AlertTimelineEntry {
  at: number;
  kind: TransitionKind | 'silenced';
  summary: string;
}

/** Alert state and its timeline, and (from AlertOutbox) the notification outbox. */
export class AlertStore extends AlertOutbox {
  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    super(db);
  }

  /** Alerts not yet resolved (pending or firing). */
  async open(): Promise<AlertState[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('status', '!=', 'resolved')
      .orderBy('key')
      .execute();
    return rows.map(alertFromRow);
  }

  /** Firing alerts, and those resolved since `resolvedSince`, newest first. */
  async recent(resolvedSince: number, limit = 200): Promise<AlertState[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'firing'),
          eb.and([eb('status', '=', 'resolved'), eb('ends_at', '>=', resolvedSince)]),
        ]),
      )
      .orderBy('active_since', 'desc')
      .limit(limit)
      .execute();
    return rows.map(alertFromRow);
  }

  async get(key: string): Promise<AlertState | null> {
    const row = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? alertFromRow(row) : null;
  }

  /**
   * Writes one evaluation: changed states, forgotten pendings, and for each transition a
   * timeline row and one outbox row per destination — all in one transaction.
   */
  async apply(
    step: StepResult,
    destinations: ReadonlyArray<Pick<Destination, 'name' | 'kind'>>,
    link: (alert: AlertState) => string,
    now: number,
  ): Promise<void> {
    if (step.changed.length === 0 && step.dropped.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
      for (const alert of step.changed) {
        const row = rowFromAlert(alert);
        await trx
          .insertInto('alerts')
          .values(row)
          .onConflict((conflict) => conflict.column('key').doUpdateSet(row))
          .execute();
      }
      if (step.dropped.length > 0)
        await trx
          .deleteFrom('alerts')
          .where('key', 'in', step.dropped)
          .where('status', '=', 'pending')
          .execute();
      for (const transition of step.transitions) {
        const { alert } = transition;
        const { seq } = await trx
          .insertInto('alert_transitions')
          .values({ key: alert.key, at: now, kind: transition.kind, summary: alert.summary })
          .returning('seq')
          .executeTakeFirstOrThrow();
        const muted = alert.silencedUntil !== null && alert.silencedUntil > now;
        const notification: Notification = {
          transition: transition.kind,
          alert,
          link: link(alert),
        };
        // The periodic re-send keeps Alertmanager's copy alive; a channel needs no repeat.
        const targets =
          transition.kind === 'resend'
            ? destinations.filter((destination) => destination.kind === 'alertmanager')
            : destinations;
        for (const { name: destination } of targets) {
          await trx
            .insertInto('alert_outbox')
            .values({
              transition_seq: seq,
              key: alert.key,
              destination,
              notification: JSON.stringify(notification),
              status: muted ? 'silenced' : 'pending',
              attempts: 0,
              next_attempt_at: now,
              last_result: null,
              created_at: now,
              delivered_at: null,
            })
            .execute();
        }
      }
    });
  }

  async timeline(key: string, limit = 50): Promise<AlertTimelineEntry[]> {
    const rows = await this.db
      .selectFrom('alert_transitions')
      .select(['at', 'kind', 'summary'])
      .where('key', '=', key)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      at: row.at,
      kind: row.kind as AlertTimelineEntry['kind'],
      summary: row.summary,
    }));
  }

  /** Mutes the alert's notifications until `until`; false when there is no such alert. */
  async silence(key: string, until: number, now: number, actor: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('alerts')
        .set({ silenced_until: until })
        .where('key', '=', key)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('alert_transitions')
        .values({
          key,
          at: now,
          kind: 'silenced',
          summary: `silenced by ${actor} until ${new Date(until).toISOString()}`,
        })
        .execute();
      return true;
    });
  }

  /**
   * Forgets what is settled before `cutoff`: sent (or muted) notifications, and resolved alerts
   * with their timeline. Pending notifications are kept however old: nothing is lost.
   */
  async prune(cutoff: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('alert_outbox')
        .where('status', '!=', 'pending')
        .where('created_at', '<', cutoff)
        .execute();
      const gone = trx
        .selectFrom('alerts')
        .select('key')
        .where('status', '=', 'resolved')
        .where('ends_at', '<', cutoff);
      await trx
        .deleteFrom('alert_transitions')
        .where('key', 'in', gone)
        .where('at', '<', cutoff)
        .execute();
      await trx
        .deleteFrom('alerts')
        .where('status', '=', 'resolved')
        .where('ends_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('alert_outbox')
                .select('id')
                .whereRef('alert_outbox.key', '=', 'alerts.key'),
            ),
          ),
        )
        .execute();
    });
  }
}

function alertFromRow(row: Selectable<AlertsTable>): AlertState {
  return {
    key: row.key,
    environment: row.environment,
    kind: row.kind as AlertKind,
    subject: row.subject,
    labels: JSON.parse(row.labels) as Record<string, string>,
    summary: row.summary,
    status: row.status as AlertStatus,
    activeSince: row.active_since,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    notifiedAt: row.notified_at,
    silencedUntil: row.silenced_until,
  };
}

function rowFromAlert(alert: AlertState): Selectable<AlertsTable> {
  return {
    key: alert.key,
    environment: alert.environment,
    kind: alert.kind,
    subject: alert.subject,
    labels: JSON.stringify(alert.labels),
    summary: alert.summary,
    status: alert.status,
    active_since: alert.activeSince,
    starts_at: alert.startsAt,
    ends_at: alert.endsAt,
    notified_at: alert.notifiedAt,
    silenced_until: alert.silencedUntil,
  };
}
