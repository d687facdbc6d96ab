import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../lib/store';
import { createTestDatabase, PG_URL, type TestDatabase } from '../../helpers/postgres';

// Background jobs (polling, probes, alerts) run on one replica: the one holding an advisory lock.
describe.skipIf(!PG_URL)('leadership on PostgreSQL', () => {
  let database: TestDatabase | undefined;
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await database?.drop();
  });

  const open = async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-leader-'));
    const store = await openStore({ dataDir, databaseUrl: database!.url });
    stores.push(store);
    return store;
  };

  it('gives the lock to exactly one replica, even when every job asks at once at start', async () => {
    database = await createTestDatabase();
    const [a, b] = [await open(), await open()];
    // Each replica's jobs ask concurrently on their first tick.
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => a.isLeader()),
      ...Array.from({ length: 5 }, () => b.isLeader()),
    ]);
    const first = answers.slice(0, 5);
    const second = answers.slice(5);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect([first[0], second[0]].filter(Boolean)).toHaveLength(1);
    // And it stays put.
    expect([await a.isLeader(), await b.isLeader()]).toEqual([first[0], second[0]]);
  });

  it('passes the lock on when the leader closes', async () => {
    database = await createTestDatabase();
    const a = await open();
    expect(await a.isLeader()).toBe(true);
    const b = await open();
    expect(await b.isLeader()).toBe(false);
    await stores.shift()!.close();
    expect(await b.isLeader()).toBe(true);
  });
});
