import type { Kysely } from 'kysely';
import type { Database } from './schema';

export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'config_loaded'
  | 'credential_rejected'
  | 'credential_throttled'
  | 'alert_silenced';

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  actor: string | null;
  peer: string | null;
  detail: string | null;
}

/** The audit log. Callers pass configured names and addresses only — never what was presented. */
export class AuditStore {
  constructor(private readonly db: Kysely<Database>) {}

  async record(
    entry: {
      action: AuditAction;
      actor?: string | null;
      peer?: string | null;
      detail?: string | null;
    },
    at = Date.now(),
  ): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at,
        action: entry.action,
        actor: entry.actor ?? null,
        peer: entry.peer ?? null,
        detail: entry.detail?.slice(0, 500) ?? null,
      })
      .execute();
  }

  async recent(limit = 200): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...row,
      id: String(row.id),
      at: new Date(row.at).toISOString(),
      action: row.action as AuditAction,
    }));
  }
}
