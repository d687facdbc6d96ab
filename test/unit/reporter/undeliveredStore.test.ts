import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentView, parseFingerprintInput, type FingerprintReport } from '../../../lib/fleet';
import { openStore, type Store } from '../../../lib/store';
import { createTestDatabase, PG_URL } from '../../helpers/postgres';

// The dashboard side of the reporter's dropped count: accepted in a report, summed per instance
// in the store (migration 0009 on both dialects), shown in the environment view.
const T0 = Date.parse('2026-12-03T07:00:00Z');
const MINUTE = 60_000;
const WS = {
  environment: 'staging',
  service: 'backend-websocket',
  instance: 'ws-1',
  fingerprint: 'sha256/16:e275dfc423d43d3e',
  source: 'env:JWT_SECRET',
};

function report(extra: Record<string, unknown> = {}): FingerprintReport {
  const parsed = parseFingerprintInput({ ...WS, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.reports[0];
}

describe('a fingerprint report with undelivered_failures', () => {
  it('accepts a non-negative integer', () => {
    expect(report({ undelivered_failures: 3 }).undelivered_failures).toBe(3);
    expect(report({ undelivered_failures: 0 }).undelivered_failures).toBe(0);
    expect(report().undelivered_failures).toBeUndefined();
  });

  it('refuses a negative, fractional or non-numeric count, naming the field', () => {
    for (const bad of [-1, 1.5, '3', Number.MAX_SAFE_INTEGER + 2]) {
      const parsed = parseFingerprintInput({ ...WS, undelivered_failures: bad });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.issues.map((issue) => issue.path)).toContain('undelivered_failures');
    }
  });
});

type OpenFresh = () => Promise<{ store: Store; dispose: () => Promise<void> }>;

async function freshSqlite(): ReturnType<OpenFresh> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-undelivered-'));
  const store = await openStore({ dataDir });
  return { store, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function freshPostgres(): ReturnType<OpenFresh> {
  const database = await createTestDatabase();
  const store = await openStore({ dataDir: os.tmpdir(), databaseUrl: database.url });
  return { store, dispose: database.drop };
}

describe('undelivered failures per instance on SQLite', () => undeliveredContract(freshSqlite));
describe.skipIf(!PG_URL)('undelivered failures per instance on PostgreSQL', () =>
  undeliveredContract(freshPostgres),
);

function undeliveredContract(openFresh: OpenFresh): void {
  let opened: Awaited<ReturnType<OpenFresh>> | null = null;
  afterEach(async () => {
    await opened?.store.close();
    await opened?.dispose();
    opened = null;
  });
  const fingerprints = async () => (opened = await openFresh()).store.fingerprints;
  const undelivered = async (store: Store['fingerprints']) =>
    (await store.instances('staging'))[0].undelivered_failures;

  it('stores nothing for an instance whose reports never carried the count', async () => {
    const store = await fingerprints();
    await store.record([report()], T0);
    expect(await undelivered(store)).toBeUndefined();
    const view = environmentView('staging', await store.instances('staging'), {
      now: T0,
      staleAfterMs: MINUTE,
      keys: [],
    });
    expect(view.instances[0].undelivered_failures).toBeNull();
  });

  it('sums the counts of successive reports, and a report without losses keeps the sum', async () => {
    const store = await fingerprints();
    await store.record([report({ undelivered_failures: 3 })], T0);
    expect(await undelivered(store)).toBe(3);
    await store.record([report({ undelivered_failures: 4 })], T0 + MINUTE);
    await store.record([report()], T0 + 2 * MINUTE);
    await store.record([report({ undelivered_failures: 0 })], T0 + 3 * MINUTE);
    expect(await undelivered(store)).toBe(7);
  });

  it('counts what a delayed report says was lost, though its fingerprint describes the past', async () => {
    const store = await fingerprints();
    await store.record(
      [
        report({
          fingerprint: 'sha256/16:70610b56526d0480',
          reported_at: new Date(T0 + MINUTE).toISOString(),
        }),
      ],
      T0 + MINUTE,
    );
    await store.record(
      [report({ undelivered_failures: 5, reported_at: new Date(T0).toISOString() })],
      T0 + 2 * MINUTE,
    );
    const [state] = await store.instances('staging');
    expect(state).toMatchObject({
      fingerprint: 'sha256/16:70610b56526d0480',
      undelivered_failures: 5,
    });
  });

  it('keeps the count per instance and shows it in the environment view', async () => {
    const store = await fingerprints();
    await store.record([report({ undelivered_failures: 2 }), report({ instance: 'ws-2' })], T0);
    const view = environmentView('staging', await store.instances('staging'), {
      now: T0,
      staleAfterMs: MINUTE,
      keys: [],
    });
    expect(view.instances.map((row) => [row.instance, row.undelivered_failures])).toEqual([
      ['ws-1', 2],
      ['ws-2', null],
    ]);
  });
}
