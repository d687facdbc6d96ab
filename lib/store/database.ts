import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { ensurePrivateDir, ensurePrivateFile } from '../files/private';
import { describeError, logEvent } from '../log';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreLocation {
  /** `postgres://…` selects PostgreSQL; anything else is ignored. */
  databaseUrl?: string;
  /** Where the embedded SQLite file lives when there is no PostgreSQL URL. */
  dataDir: string;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it is, for the health endpoint and logs: a file path or host/db, never a password. */
  description: string;
  /** The embedded database's own handle, for statements prepared once (lib/store/failureInsert.ts). */
  sqlite?: BetterSqlite3.Database;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the store and brings its schema up to date. */
export async function openDatabase(location: StoreLocation): Promise<OpenedDatabase> {
  const opened = isPostgresUrl(location.databaseUrl)
    ? openPostgres(location.databaseUrl)
    : openSqlite(location.dataDir);
  try {
    await migrate(opened);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  return opened;
}

function openSqlite(dataDir: string): OpenedDatabase {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, 'authscope.db');
  // SQLite gives the -wal and -shm files the database file's mode: create that one 0600 first.
  ensurePrivateFile(file);
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes every commit (and so every
  // 202) survive a crash of the machine, not only of the process.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  for (const companion of [`${file}-wal`, `${file}-shm`])
    if (fs.existsSync(companion)) fs.chmodSync(companion, 0o600);
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    sqlite: database,
  };
}

const INT8_OID = 20;

function openPostgres(url: string): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Times and sequence numbers are int8; they stay far below 2^53, so a JS number is exact.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? Number
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (a restart, a failover) is an 'error' on the pool; with
  // no listener Node would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => logEvent('warn', 'postgres_connection_lost', describeError(error)));
  const parsed = new URL(url);
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    description: `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
  };
}

async function migrate({ db, dialect }: OpenedDatabase): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (target) => migration.up(target, dialect) };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('database migration failed');
}
