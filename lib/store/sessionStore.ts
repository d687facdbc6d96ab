import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Server-side sessions: the cookie names a row; a revoked or expired row ends the session. */
export class SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: {
    id: string;
    viewer: string;
    createdAt: number;
    expiresAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        viewer: session.viewer,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        revoked_at: null,
      })
      .execute();
  }

  /** Whether session `id` of `viewer` is live at `now`. */
  async isActive(id: string, viewer: string, now = Date.now()): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['viewer', 'expires_at', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row !== undefined &&
      row.viewer === viewer &&
      row.revoked_at === null &&
      Number(row.expires_at) > now
    );
  }

  async revoke(id: string, now = Date.now()): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Drops rows past their expiry (run with retention). */
  async prune(now = Date.now()): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }
}
