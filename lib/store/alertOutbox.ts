import { sql, type Kysely, type Selectable } from 'kysely';
import type { Notification } from '../alerts/messages';
import type { AlertOutboxTable, Database } from './schema';

export type OutboxStatus = 'pending' | 'delivered' | 'silenced';

export interface OutboxEntry {
  id: number;
  key: string;
  destination: string;
  notification: Notification;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastResult: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/**
 * The notification outbox: rows written in the transaction of the alert change they announce
 * (AlertStore.apply), delivered and retried from here, so no transition is lost to a crash.
 */
export class AlertOutbox {
  constructor(protected readonly db: Kysely<Database>) {}

  /** Pending notifications whose next attempt is due, oldest first. */
  async due(now: number, limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('alert_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(outboxFromRow);
  }

  async delivered(id: number, result: string, now: number): Promise<void> {
    await this.db
      .updateTable('alert_outbox')
      .set((eb) => ({
        status: 'delivered',
        delivered_at: now,
        last_result: result,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  async failed(id: number, result: string, nextAttemptAt: number): Promise<void> {
    await this.db
      .updateTable('alert_outbox')
      .set((eb) => ({
        last_result: result,
        next_attempt_at: nextAttemptAt,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** The latest outbox row per destination for each key: the delivery status the page shows. */
  async deliveries(keys: readonly string[]): Promise<OutboxEntry[]> {
    if (keys.length === 0) return [];
    const latest = this.db
      .selectFrom('alert_outbox')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('key', 'in', keys)
      .groupBy(['key', 'destination']);
    const rows = await this.db
      .selectFrom('alert_outbox')
      .selectAll()
      .where('id', 'in', latest)
      .orderBy('id')
      .execute();
    return rows.map(outboxFromRow);
  }

  /** Outbox counts by destination and status, for /metrics. */
  async outboxCounts(): Promise<Array<{ destination: string; status: string; count: number }>> {
    const rows = await this.db
      .selectFrom('alert_outbox')
      .select(['destination', 'status', sql<number>`count(*)`.as('count')])
      .groupBy(['destination', 'status'])
      .execute();
    return rows.map((row) => ({
      destination: row.destination,
      status: row.status,
      count: Number(row.count),
    }));
  }
}

function outboxFromRow(row: Selectable<AlertOutboxTable>): OutboxEntry {
  return {
    id: row.id,
    key: row.key,
    destination: row.destination,
    notification: JSON.parse(row.notification) as Notification,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastResult: row.last_result,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
