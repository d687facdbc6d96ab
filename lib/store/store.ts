import { sql } from 'kysely';
import { localSignals, postgresSignals, type Signals } from '../live/signals';
import { openDatabase, type Dialect, type StoreLocation } from './database';
import { AuditStore } from './auditStore';
import { FailureStore } from './failureStore';

/** The store: one code path over embedded SQLite or PostgreSQL, plus its write signals. */
export interface Store {
  dialect: Dialect;
  description: string;
  failures: FailureStore;
  audit: AuditStore;
  /** "Something was written": in-process on SQLite, LISTEN/NOTIFY across replicas on PostgreSQL. */
  signals: Signals;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openStore(location: StoreLocation, onSignalError: (error: unknown) => void = () => undefined): Promise<Store> {
  const { db, dialect, description } = await openDatabase(location);
  const signals = dialect === 'postgres' ? await postgresSignals(location.databaseUrl!, onSignalError) : localSignals();
  return {
    dialect,
    description,
    failures: new FailureStore(db, dialect),
    audit: new AuditStore(db),
    signals,
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await signals.close();
      await db.destroy();
    },
  };
}
