import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use; PG-dependent suites skip when it is not set. */
export const PG_URL = process.env.AUTHSCOPE_TEST_PG_URL;

export interface TestDatabase {
  /** The connection URL of the fresh database. */
  url: string;
  name: string;
  /** Drops the database, closing whatever connections are still open on it. */
  drop: () => Promise<void>;
}

/** A fresh, empty database of its own on PG_URL's server, so tests never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!PG_URL) throw new Error('AUTHSCOPE_TEST_PG_URL is not set');
  const name = `authscope_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => void (await runAdmin(`drop database if exists ${name} with (force)`)),
  };
}

/** Ends every connection to `name` as a server restart would (the database stays). */
export async function terminateConnections(name: string): Promise<number> {
  const terminated = await runAdmin(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [name],
  );
  return terminated.rowCount ?? 0;
}

async function runAdmin(statement: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await client.query(statement, values);
  } finally {
    await client.end();
  }
}
