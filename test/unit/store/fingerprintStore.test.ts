import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FingerprintReport } from '../../../lib/fleet';
import { openStore, streamCursor, type Store } from '../../../lib/store';
import { createTestDatabase, PG_URL } from '../../helpers/postgres';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

const WS: FingerprintReport = {
  environment: 'staging',
  service: 'backend-websocket',
  instance: 'ws-7f9c',
  purpose: 'access-token',
  algorithm: 'HS256',
  fingerprint: 'sha256/16:e275dfc423d43d3e',
  source: 'env:JWT_SECRET_KEY',
  version: '5',
  resolution: [
    { source: 'env:JWT_SECRET_STAGING', present: false },
    { source: 'env:JWT_SECRET_KEY', present: true, fingerprint: 'sha256/16:e275dfc423d43d3e' },
  ],
};
const REST: FingerprintReport = {
  ...WS,
  service: 'backend-rest',
  instance: 'rest-1',
  fingerprint: 'sha256/16:70610b56526d0480',
  source: 'env:JWT_SECRET_STAGING',
  resolution: undefined,
};

/** A fresh, empty store, and how to remove it after the test. */
type OpenFresh = () => Promise<{ store: Store; dispose: () => Promise<void> }>;

async function freshSqlite(): ReturnType<OpenFresh> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-fp-store-'));
  const store = await openStore({ dataDir });
  return { store, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function freshPostgres(): ReturnType<OpenFresh> {
  const database = await createTestDatabase();
  const store = await openStore({ dataDir: os.tmpdir(), databaseUrl: database.url });
  return { store, dispose: database.drop };
}

describe('FingerprintStore on SQLite', () => fingerprintStoreContract(freshSqlite));
describe.skipIf(!PG_URL)('FingerprintStore on PostgreSQL', () =>
  fingerprintStoreContract(freshPostgres),
);

function fingerprintStoreContract(openFresh: OpenFresh): void {
  let opened: Awaited<ReturnType<OpenFresh>> | null = null;

  afterEach(async () => {
    if (!opened) return;
    await opened.store.close();
    await opened.dispose();
    opened = null;
  });

  async function fingerprints() {
    opened = await openFresh();
    return opened.store.fingerprints;
  }

  it('records a first sighting as a first_seen event and the instance as current', async () => {
    const store = await fingerprints();
    const events = await store.record([WS], T0);
    expect(events).toEqual([
      {
        seq: expect.any(Number),
        at: T0,
        environment: 'staging',
        purpose: 'access-token',
        service: 'backend-websocket',
        instance: 'ws-7f9c',
        fingerprint: WS.fingerprint,
        previous_fingerprint: null,
        source: 'env:JWT_SECRET_KEY',
        version: '5',
        kind: 'first_seen',
      },
    ]);
    expect(await store.instances('staging')).toEqual([
      {
        environment: 'staging',
        purpose: 'access-token',
        service: 'backend-websocket',
        instance: 'ws-7f9c',
        fingerprint: WS.fingerprint,
        algorithm: 'HS256',
        source: 'env:JWT_SECRET_KEY',
        version: '5',
        length: null,
        resolution: WS.resolution,
        last_seen_at: new Date(T0).toISOString(),
        changed_at: new Date(T0).toISOString(),
      },
    ]);
  });

  it('only refreshes the last-seen time when the same report comes again', async () => {
    const store = await fingerprints();
    await store.record([WS], T0);
    expect(await store.record([WS], T0 + MINUTE)).toEqual([]);
    const [state] = await store.instances('staging');
    expect(state.last_seen_at).toBe(new Date(T0 + MINUTE).toISOString());
    expect(state.changed_at).toBe(new Date(T0).toISOString());
    expect(await store.history('staging', { limit: 10 })).toHaveLength(1);
  });

  it('keeps the last-seen time when a report arrives out of order', async () => {
    const store = await fingerprints();
    await store.record([WS], T0 + MINUTE);
    await store.record([{ ...WS, reported_at: new Date(T0).toISOString() }], T0 + 2 * MINUTE);
    expect((await store.instances('staging'))[0].last_seen_at).toBe(
      new Date(T0 + MINUTE).toISOString(),
    );
  });

  it('does not let a late report from before a rotation replace the current fingerprint', async () => {
    const store = await fingerprints();
    await store.record([{ ...WS, reported_at: new Date(T0).toISOString() }], T0);
    await store.record(
      [
        {
          ...WS,
          version: '6',
          fingerprint: REST.fingerprint,
          reported_at: new Date(T0 + 2 * MINUTE).toISOString(),
        },
      ],
      T0 + 2 * MINUTE,
    );
    // Delivered late (a retry queue): the service said this before it restarted onto version 6.
    await store.record(
      [{ ...WS, reported_at: new Date(T0 + MINUTE).toISOString() }],
      T0 + 3 * MINUTE,
    );
    const [state] = await store.instances('staging');
    expect(state).toMatchObject({
      fingerprint: REST.fingerprint,
      version: '6',
      last_seen_at: new Date(T0 + 2 * MINUTE).toISOString(),
    });
  });

  it('dates a report by its reported_at, but never in the future', async () => {
    const store = await fingerprints();
    const [past] = await store.record(
      [{ ...WS, reported_at: new Date(T0 - MINUTE).toISOString() }],
      T0,
    );
    const [future] = await store.record(
      [{ ...REST, reported_at: new Date(T0 + 60 * MINUTE).toISOString() }],
      T0,
    );
    expect(past.at).toBe(T0 - MINUTE);
    expect(future.at).toBe(T0);
  });

  it.each([
    ['fingerprint', { fingerprint: 'sha256/16:70610b56526d0480' }],
    ['source', { source: 'env:JWT_SECRET' }],
    ['version', { version: '6' }],
  ])(
    'records a changed %s as a changed event naming the previous fingerprint',
    async (_field, change) => {
      const store = await fingerprints();
      await store.record([WS], T0);
      const events = await store.record([{ ...WS, ...change }], T0 + MINUTE);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        kind: 'changed',
        at: T0 + MINUTE,
        previous_fingerprint: WS.fingerprint,
        ...change,
      });
      const [state] = await store.instances('staging');
      expect(state).toMatchObject({
        ...change,
        changed_at: new Date(T0 + MINUTE).toISOString(),
        last_seen_at: new Date(T0 + MINUTE).toISOString(),
      });
    },
  );

  it('keeps instances apart by environment, purpose, service and instance', async () => {
    const store = await fingerprints();
    const events = await store.record(
      [
        WS,
        { ...WS, instance: 'ws-0001' },
        { ...WS, purpose: 'refresh-token' },
        { ...WS, environment: 'production' },
      ],
      T0,
    );
    expect(events.map((event) => event.kind)).toEqual([
      'first_seen',
      'first_seen',
      'first_seen',
      'first_seen',
    ]);
    expect(await store.instances('staging')).toHaveLength(3);
    expect(await store.instances()).toHaveLength(4);
  });

  it('lists the history of one environment newest first, from a given time', async () => {
    const store = await fingerprints();
    await store.record([WS], T0);
    await store.record([REST], T0 + MINUTE);
    await store.record([{ ...WS, environment: 'production' }], T0 + 2 * MINUTE);
    await store.record([{ ...WS, version: '6' }], T0 + 3 * MINUTE);

    const all = await store.history('staging', { limit: 10 });
    expect(all.map((event) => [event.service, event.kind, event.at])).toEqual([
      ['backend-websocket', 'changed', T0 + 3 * MINUTE],
      ['backend-rest', 'first_seen', T0 + MINUTE],
      ['backend-websocket', 'first_seen', T0],
    ]);
    const since = await store.history('staging', { since: T0 + MINUTE, limit: 10 });
    expect(since.map((event) => event.at)).toEqual([T0 + 3 * MINUTE, T0 + MINUTE]);
    const window = await store.history('staging', { since: T0, until: T0 + 3 * MINUTE, limit: 10 });
    expect(window.map((event) => event.at)).toEqual([T0 + MINUTE, T0]);
    expect((await store.history('staging', { limit: 1 })).map((event) => event.at)).toEqual([
      T0 + 3 * MINUTE,
    ]);
  });

  it('has no head before the first change, then streams changes after a cursor', async () => {
    const store = await fingerprints();
    expect(await store.head()).toBeNull();
    expect(await store.after(null, 10)).toEqual({ items: [], cursor: null });

    const [first] = await store.record([WS], T0);
    const head = await store.head();
    expect(head).toBe(streamCursor(first.seq));
    const [second, third] = await store.record([REST, { ...WS, version: '6' }], T0 + MINUTE);
    await store.record([REST], T0 + 2 * MINUTE);

    const afterHead = await store.after(head, 10);
    expect(afterHead.items.map((event) => event.seq)).toEqual([second.seq, third.seq]);
    expect(afterHead.cursor).toBe(streamCursor(third.seq));
    expect(await store.head()).toBe(afterHead.cursor);
    expect(await store.after(afterHead.cursor, 10)).toEqual({
      items: [],
      cursor: afterHead.cursor,
    });

    const paged = await store.after(null, 2);
    expect(paged.items.map((event) => event.seq)).toEqual([first.seq, second.seq]);
    expect(paged.cursor).toBe(streamCursor(second.seq));
  });
}
