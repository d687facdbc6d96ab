import { sql } from 'kysely';
import pg from 'pg';
import { localSignals, postgresSignals, type Signals } from '../live/signals';
import { openDatabase, type Dialect, type StoreLocation } from './database';
import { kyselyInsert, sqliteInsert } from './failureInsert';
import { AlertStore } from './alertStore';
import { AuditStore } from './auditStore';
import { FailureStore } from './failureStore';
import { FingerprintStore } from './fingerprintStore';
import { SessionStore } from './sessionStore';
import { ProbeStore } from './probeStore';
import { MetricsQueries } from './metricsQueries';
import { TrustStore } from './trustStore';

/** The store: one code path over embedded SQLite or PostgreSQL, plus its write signals. */
export interface Store {
  dialect: Dialect;
  description: string;
  failures: FailureStore;
  audit: AuditStore;
  fingerprints: FingerprintStore;
  sessions: SessionStore;
  probes: ProbeStore;
  alerts: AlertStore;
  metrics: MetricsQueries;
  /** Public-key fleets: each instance's latest signing key and JWKS trust set. */
  trust: TrustStore;
  /**
   * Whether this process should run the single-instance jobs (the target collector): always on
   * SQLite; on PostgreSQL, the replica holding a session advisory lock.
   */
  isLeader(): Promise<boolean>;
  /** "Something was written": in-process on SQLite, LISTEN/NOTIFY across replicas on PostgreSQL. */
  signals: Signals;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openStore(
  location: StoreLocation,
  onSignalError: (error: unknown) => void = () => undefined,
): Promise<Store> {
  const { db, dialect, description, sqlite } = await openDatabase(location);
  const leadership =
    dialect === 'postgres'
      ? postgresLeadership(location.databaseUrl!)
      : { isLeader: async () => true, close: async () => undefined };
  const signals =
    dialect === 'postgres'
      ? await postgresSignals(location.databaseUrl!, onSignalError)
      : localSignals();
  return {
    dialect,
    description,
    failures: new FailureStore(db, dialect, sqlite ? sqliteInsert(sqlite) : kyselyInsert),
    audit: new AuditStore(db),
    fingerprints: new FingerprintStore(db, dialect),
    sessions: new SessionStore(db),
    probes: new ProbeStore(db, dialect),
    alerts: new AlertStore(db, dialect),
    metrics: new MetricsQueries(db),
    trust: new TrustStore(db),
    isLeader: leadership.isLeader,
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
      await leadership.close();
      await db.destroy();
    },
  };
}

const LEADER_LOCK = 0x636f6c6c;

/** A dedicated connection that takes a session advisory lock; whoever holds it leads. */
function postgresLeadership(url: string): {
  isLeader: () => Promise<boolean>;
  close: () => Promise<void>;
} {
  let held = false;
  let leaderClient: pg.Client | null = null;
  // One question at a time: two concurrent first calls would open two sessions, the first would
  // take the lock and the second be refused, and the process would hold the lock while
  // believing it does not — then no replica leads until it restarts.
  let asking: Promise<boolean> | null = null;
  const ask = async () => {
    if (held && leaderClient) return true;
    try {
      if (!leaderClient) {
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => {
          held = false;
          leaderClient = null;
        });
        await client.connect();
        leaderClient = client;
      }
      const result = await leaderClient.query<{ ok: boolean }>(
        'select pg_try_advisory_lock($1) as ok',
        [LEADER_LOCK],
      );
      held = result.rows[0]?.ok === true;
    } catch {
      held = false;
    }
    return held;
  };
  const isLeader = () =>
    (asking ??= ask().finally(() => {
      asking = null;
    }));
  return { isLeader, close: async () => void (await leaderClient?.end().catch(() => undefined)) };
}
