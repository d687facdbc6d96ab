import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FailureFilter, NormalizedFailure, StatsDimension } from '../../../lib/failures';
import { STATS_DIMENSIONS } from '../../../lib/failures';
import {
  InvalidCursorError,
  openStore,
  streamCursor,
  type Store,
  type StoreLocation,
} from '../../../lib/store';
import {
  fullyPopulated,
  HOUR,
  MINUTE,
  normalizedFailure,
  T0,
} from '../../fixtures/failures/normalizedFailure';
import { createTestDatabase, PG_URL, terminateConnections } from '../../helpers/postgres';

interface Backend {
  name: string;
  available: boolean;
  /** A location no store has used yet, and how to remove it. */
  create: () => Promise<{ location: StoreLocation; dispose: () => Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    available: true,
    create: async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-failure-store-'));
      return {
        location: { dataDir },
        dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: !!PG_URL,
    create: async () => {
      const database = await createTestDatabase();
      return {
        location: { dataDir: os.tmpdir(), databaseUrl: database.url },
        dispose: database.drop,
      };
    },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();

/** What GET /api/v1/failures/{id} must give back for a stored failure. */
function expectedDetail(failure: NormalizedFailure, id: string) {
  const { event_id: _eventId, occurred_at, received_at, token_exp, ...rest } = failure;
  return {
    ...rest,
    id,
    occurred_at: iso(occurred_at),
    received_at: iso(received_at),
    token_exp: token_exp === null ? null : iso(token_exp),
  };
}

describe.each(BACKENDS)('FailureStore on $name', (backend) => {
  describe.skipIf(!backend.available)('contract', () => {
    let location: StoreLocation;
    let dispose: () => Promise<void>;
    let store: Store;
    const extraStores: Store[] = [];

    beforeEach(async () => {
      ({ location, dispose } = await backend.create());
      store = await openStore(location);
    });

    afterEach(async () => {
      for (const extra of extraStores.splice(0)) await extra.close();
      await store.close();
      await dispose();
    });

    const insert = (failures: NormalizedFailure[]) => store.failures.insert(failures);
    const listAll = async (filter: FailureFilter = { equals: {} }) =>
      (await store.failures.list(filter, { limit: 500 })).items;

    describe('insert and get', () => {
      it('gives back every normalized column of a stored failure', async () => {
        const failure = fullyPopulated();
        const { ids, inserted } = await insert([failure]);
        expect(inserted).toBe(1);
        expect(ids).toEqual([expect.stringMatching(/^\d+$/)]);
        expect(await store.failures.get(ids[0])).toEqual(expectedDetail(failure, ids[0]));
      });

      it('gives back nulls as nulls, not as empty strings, zeros or false', async () => {
        const failure = normalizedFailure({ raw: { bare: true } });
        const { ids } = await insert([failure]);
        expect(await store.failures.get(ids[0])).toEqual(expectedDetail(failure, ids[0]));
      });

      it('keeps false flags false and zero counts zero', async () => {
        const failure = fullyPopulated({
          event_id: null,
          has_bearer_prefix: false,
          authorization_present: false,
          websocket_protocol_present: false,
          token_length: 0,
          token_dot_count: 0,
          close_code: 0,
        });
        const { ids } = await insert([failure]);
        expect(await store.failures.get(ids[0])).toMatchObject({
          has_bearer_prefix: false,
          authorization_present: false,
          websocket_protocol_present: false,
          token_length: 0,
          token_dot_count: 0,
          close_code: 0,
        });
      });

      it('lists the same fields as get, without the raw JSON and claims', async () => {
        const failure = fullyPopulated();
        const { ids } = await insert([failure]);
        const { raw: _raw, token_claims: _claims, ...item } = expectedDetail(failure, ids[0]);
        expect(await listAll()).toEqual([item]);
      });

      it.each(['999999', '0', 'abc', '-1', '1e3', ''])(
        'answers null for the unknown id "%s"',
        async (id) => {
          await insert([normalizedFailure()]);
          expect(await store.failures.get(id)).toBeNull();
        },
      );
    });

    describe('list', () => {
      it('pages newest first across equal occurred_at values with no duplicate and no gap', async () => {
        // 5 distinct times × 5 events each, written in four batches out of time order.
        const times = [T0 + 3 * MINUTE, T0, T0 + 1 * MINUTE, T0 + 4 * MINUTE, T0 + 2 * MINUTE];
        const failures = times.flatMap((time, t) =>
          Array.from({ length: 5 }, (_, n) =>
            normalizedFailure({ occurred_at: time, error_message: `t${t} n${n}` }),
          ),
        );
        const written: Array<{ id: string; occurred_at: number }> = [];
        for (const batch of [
          failures.slice(0, 7),
          failures.slice(7, 8),
          failures.slice(8, 20),
          failures.slice(20),
        ]) {
          const { ids } = await insert(batch);
          ids.forEach((id, index) => written.push({ id, occurred_at: batch[index].occurred_at }));
        }

        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.failures.list({ equals: {} }, { cursor, limit: 4 });
          expect(page.items.length).toBeLessThanOrEqual(4);
          seen.push(...page.items.map((item) => item.id));
          cursor = page.next_cursor ?? undefined;
          pages++;
        } while (cursor && pages < 20);

        const expected = [...written]
          .sort((a, b) => b.occurred_at - a.occurred_at || Number(b.id) - Number(a.id))
          .map((entry) => entry.id);
        expect(seen).toEqual(expected);
        expect(new Set(seen).size).toBe(25);
        expect(pages).toBe(7);
      });

      it('answers next_cursor null when the last page is exactly full', async () => {
        await insert(Array.from({ length: 4 }, () => normalizedFailure()));
        const first = await store.failures.list({ equals: {} }, { limit: 2 });
        const second = await store.failures.list(
          { equals: {} },
          { limit: 2, cursor: first.next_cursor! },
        );
        expect(second.items).toHaveLength(2);
        expect(second.next_cursor).toBeNull();
      });

      it('refuses a cursor it did not give out', async () => {
        await expect(
          store.failures.list({ equals: {} }, { limit: 2, cursor: 'not-a-cursor' }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('filters', () => {
      type Row = Partial<NormalizedFailure>;
      const ROWS: Row[] = [
        {
          environment: 'staging',
          service: 'backend-websocket',
          instance: 'ws-7f9c',
          error_code: 'VALIDATION_FAILED',
          context: 'websocket',
          user: 'alice',
          signed_by: 'staging-primary',
          occurred_at: T0,
          error_message: 'Token Validation FAILED on handshake',
        },
        {
          environment: 'production',
          service: 'backend-rest',
          instance: 'rest-1',
          error_code: 'TOKEN_EXPIRED',
          context: 'rest',
          user: 'bob',
          signed_by: 'prod-v4',
          occurred_at: T0 + MINUTE,
          error_message: '100% of handshakes rejected',
        },
        {
          environment: 'staging',
          service: 'backend-rest',
          error_code: 'VALIDATION_FAILED',
          context: 'rest',
          occurred_at: T0 + 2 * MINUTE,
          error_message: '1000 handshakes rejected',
        },
        {
          environment: 'development',
          service: 'auth-service',
          error_code: 'MISSING_TOKEN',
          context: 'websocket',
          user: 'carol_x',
          occurred_at: T0 + 3 * MINUTE,
          error_message: 'user a_b rejected',
        },
        {
          environment: 'development',
          service: 'auth-service',
          error_code: 'MISSING_TOKEN',
          context: 'websocket',
          user: 'carolXx',
          occurred_at: T0 + 3 * MINUTE + 1,
          error_message: 'user axb rejected',
        },
        {
          environment: 'staging',
          service: 'backend-websocket',
          instance: 'WS-UPPER',
          error_code: 'validation_failed',
          user: 'dave',
          signed_by: 'staging-primary',
          occurred_at: T0 + 4 * MINUTE,
          error_message: 'path C:\\tokens\\x not readable',
        },
      ];
      const searched = (row: Row) =>
        [row.error_message, row.error_code, row.service, row.instance, row.user].map((value) =>
          (value ?? '').toLowerCase(),
        );

      const CASES: Array<[string, FailureFilter, (row: Row) => boolean]> = [
        [
          'environment',
          { equals: { environment: 'staging' } },
          (row) => row.environment === 'staging',
        ],
        [
          'service',
          { equals: { service: 'backend-rest' } },
          (row) => row.service === 'backend-rest',
        ],
        [
          'error_code (exact, case-sensitive)',
          { equals: { error_code: 'VALIDATION_FAILED' } },
          (row) => row.error_code === 'VALIDATION_FAILED',
        ],
        ['context', { equals: { context: 'websocket' } }, (row) => row.context === 'websocket'],
        ['user', { equals: { user: 'bob' } }, (row) => row.user === 'bob'],
        [
          'signed_by',
          { equals: { signed_by: 'staging-primary' } },
          (row) => row.signed_by === 'staging-primary',
        ],
        [
          'since (inclusive)',
          { equals: {}, since: T0 + MINUTE },
          (row) => row.occurred_at! >= T0 + MINUTE,
        ],
        [
          'until (exclusive)',
          { equals: {}, until: T0 + 3 * MINUTE },
          (row) => row.occurred_at! < T0 + 3 * MINUTE,
        ],
        [
          'since and until',
          { equals: {}, since: T0 + MINUTE, until: T0 + 3 * MINUTE + 1 },
          (row) => row.occurred_at! >= T0 + MINUTE && row.occurred_at! < T0 + 3 * MINUTE + 1,
        ],
        [
          'q, case-insensitive',
          { equals: {}, q: 'validation failed' },
          (row) => searched(row).some((text) => text.includes('validation failed')),
        ],
        [
          'q over code, service, instance and user',
          { equals: {}, q: 'ws-' },
          (row) => searched(row).some((text) => text.includes('ws-')),
        ],
        [
          'q with a literal %',
          { equals: {}, q: '100%' },
          (row) => searched(row).some((text) => text.includes('100%')),
        ],
        [
          'q with a literal _',
          { equals: {}, q: 'a_b' },
          (row) => searched(row).some((text) => text.includes('a_b')),
        ],
        [
          'q with a literal _ in a user name',
          { equals: {}, q: 'l_x' },
          (row) => searched(row).some((text) => text.includes('l_x')),
        ],
        [
          'q with a literal backslash',
          { equals: {}, q: 'c:\\tokens' },
          (row) => searched(row).some((text) => text.includes('c:\\tokens')),
        ],
        [
          'several filters at once',
          { equals: { environment: 'staging', context: 'rest' }, q: 'handshake' },
          (row) =>
            row.environment === 'staging' &&
            row.context === 'rest' &&
            searched(row).some((text) => text.includes('handshake')),
        ],
        ['a value nobody has', { equals: { service: 'nobody' } }, () => false],
      ];

      it.each(CASES)('filters by %s', async (_name, filter, matches) => {
        const { ids } = await insert(ROWS.map((row) => normalizedFailure(row)));
        const expected = ROWS.map((row, index) => ({ row, id: ids[index] }))
          .filter(({ row }) => matches(row))
          .sort((a, b) => b.row.occurred_at! - a.row.occurred_at!)
          .map(({ id }) => id);
        expect((await listAll(filter)).map((item) => item.id)).toEqual(expected);
      });
    });

    describe('stats', () => {
      const MARKER = 'stats-marker';
      const pick = <T>(values: readonly T[], n: number): T => values[n % values.length];
      // 240 events over two hours, every dimension varied independently, some values missing.
      const EVENTS = Array.from({ length: 240 }, (_, i) =>
        normalizedFailure({
          occurred_at: T0 + ((i * 37) % 120) * MINUTE + ((i * 13) % 60) * 1000,
          environment: pick(['staging', 'production', 'development'], i),
          service: pick(['backend-websocket', 'backend-rest', 'auth-service', null], i * 7),
          error_code: pick(
            ['VALIDATION_FAILED', 'TOKEN_EXPIRED', 'MISSING_TOKEN', null, 'SIGNATURE_INVALID'],
            i * 3,
          ),
          signed_by: pick(['staging-primary', null, 'prod-v4'], i * 5),
          context: pick(['websocket', 'rest', null], i * 11),
          cause: pick(
            ['secret_mismatch', 'expired', 'missing_token', 'unexplained'] as const,
            i * 2 + 1,
          ),
          user: pick(['alice', 'bob', null], i),
          error_message: `${MARKER} ${i}`,
        }),
      );
      const KEY: Record<StatsDimension, (failure: NormalizedFailure) => string | null> = {
        error_code: (failure) => failure.error_code,
        service: (failure) => failure.service,
        environment: (failure) => failure.environment,
        signed_by: (failure) => failure.signed_by,
        context: (failure) => failure.context,
        cause: (failure) => failure.cause,
      };

      function expectedPoints(events: NormalizedFailure[], by: StatsDimension, size: number) {
        const points: Array<{ t: string; counts: Record<string, number> }> = [];
        for (let t = T0; t < T0 + 2 * HOUR; t += size) {
          const counts: Record<string, number> = {};
          for (const event of events.filter(
            (candidate) => candidate.occurred_at >= t && candidate.occurred_at < t + size,
          )) {
            const key = KEY[by](event) ?? '(none)';
            counts[key] = (counts[key] ?? 0) + 1;
          }
          points.push({ t: iso(t), counts });
        }
        return points;
      }

      const window = { since: T0, until: T0 + 2 * HOUR };
      const GRID = (['minute', 'hour'] as const).flatMap((bucket) =>
        STATS_DIMENSIONS.map((by) => [bucket, by] as const),
      );

      it.each(GRID)(
        'counts per %s by %s, the same from the rollup and from the events',
        async (bucket, by) => {
          // Written in three batches so the rollup adds to rows it already has.
          await insert(EVENTS.slice(0, 100));
          await insert(EVENTS.slice(100, 101));
          await insert(EVENTS.slice(101));
          const options = { bucket, by, now: window.until };
          const fromRollup = await store.failures.stats({ equals: {}, ...window }, options);
          const fromEvents = await store.failures.stats(
            { equals: {}, ...window, q: MARKER },
            options,
          );

          const expected = expectedPoints(EVENTS, by, bucket === 'minute' ? MINUTE : HOUR);
          expect(fromRollup.points, 'from the rollup').toEqual(expected);
          expect(fromEvents.points, 'from the events').toEqual(expected);
          expect(fromEvents).toEqual(fromRollup);
          expect(fromRollup).toMatchObject({
            bucket,
            by,
            since: iso(window.since),
            until: iso(window.until),
          });
          expect([...fromRollup.keys].sort()).toEqual(
            [...new Set(EVENTS.map((event) => KEY[by](event) ?? '(none)'))].sort(),
          );
        },
      );

      it('applies equality filters on the rollup as on the events', async () => {
        await insert(EVENTS);
        const filter = { equals: { environment: 'staging', context: 'rest' }, ...window };
        const options = { bucket: 'hour' as const, by: 'error_code' as const, now: window.until };
        const expected = expectedPoints(
          EVENTS.filter((event) => event.environment === 'staging' && event.context === 'rest'),
          'error_code',
          HOUR,
        );
        expect((await store.failures.stats(filter, options)).points).toEqual(expected);
        expect((await store.failures.stats({ ...filter, q: MARKER }, options)).points).toEqual(
          expected,
        );
      });

      it('counts from the events when filtered by user', async () => {
        await insert(EVENTS);
        const stats = await store.failures.stats(
          { equals: { user: 'alice' }, ...window },
          { bucket: 'minute', by: 'service', now: window.until },
        );
        expect(stats.points).toEqual(
          expectedPoints(
            EVENTS.filter((event) => event.user === 'alice'),
            'service',
            MINUTE,
          ),
        );
      });

      it.each([
        ['minute', 'the rollup', {}],
        ['minute', 'the events', { q: 'LATE' }],
        ['hour', 'the rollup', {}],
        ['hour', 'the events', { q: 'LATE' }],
      ] as const)(
        'puts an event in the middle of its %s bucket when counting from %s',
        async (bucket, _path, extra) => {
          const size = bucket === 'minute' ? MINUTE : HOUR;
          await insert([
            normalizedFailure({ occurred_at: T0 + size / 2 + 1_234, error_code: 'LATE' }),
          ]);
          const stats = await store.failures.stats(
            { equals: {}, since: T0, until: T0 + size, ...extra },
            { bucket, by: 'error_code', now: T0 + size },
          );
          expect(stats.points).toEqual([{ t: iso(T0), counts: { LATE: 1 } }]);
        },
      );

      it('refuses a range whose start is not before its end', async () => {
        await expect(
          store.failures.stats(
            { equals: {}, since: T0 + HOUR, until: T0 },
            { bucket: 'minute', by: 'error_code', now: T0 + HOUR },
          ),
        ).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('event_id idempotency', () => {
      it('stores an event_id sent twice in one batch once, and answers its id for both', async () => {
        const result = await insert([
          normalizedFailure({ event_id: 'evt-1', error_message: 'first' }),
          normalizedFailure({ event_id: 'evt-1', error_message: 'second' }),
          normalizedFailure({ event_id: null, error_message: 'third' }),
        ]);
        expect(result.inserted).toBe(2);
        expect(result.ids[0]).toBe(result.ids[1]);
        expect(result.ids[2]).not.toBe(result.ids[0]);
        expect((await listAll()).map((item) => item.error_message).sort()).toEqual([
          'first',
          'third',
        ]);
      });

      it('answers the first id to a retry in a later batch and writes nothing new for it', async () => {
        const first = await insert([
          normalizedFailure({ event_id: 'evt-1', error_message: 'original' }),
        ]);
        const retry = await insert([
          normalizedFailure({ event_id: 'evt-1', error_message: 'retried' }),
          normalizedFailure({ event_id: 'evt-2' }),
        ]);
        expect(retry.ids[0]).toBe(first.ids[0]);
        expect(retry.inserted).toBe(1);
        expect(await listAll()).toHaveLength(2);
        expect((await store.failures.get(first.ids[0]))?.error_message).toBe('original');
      });

      it('stores an event_id once when two requests with it are committed together', async () => {
        const results = await Promise.all(
          [1, 2, 3].map(() => insert([normalizedFailure({ event_id: 'evt-concurrent' })])),
        );
        expect(new Set(results.map((result) => result.ids[0])).size).toBe(1);
        expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(1);
        expect(await listAll()).toHaveLength(1);
      });

      it('does not count a retried event twice in stats', async () => {
        await insert([normalizedFailure({ event_id: 'evt-1', error_code: 'A' })]);
        await insert([normalizedFailure({ event_id: 'evt-1', error_code: 'A' })]);
        const stats = await store.failures.stats(
          { equals: {}, since: T0, until: T0 + MINUTE },
          { bucket: 'minute', by: 'error_code', now: T0 + MINUTE },
        );
        expect(stats.points).toEqual([{ t: iso(T0), counts: { A: 1 } }]);
      });
    });

    describe('all or nothing', () => {
      // environment is NOT NULL: the database itself refuses the last row.
      const broken = () => normalizedFailure({ environment: null as unknown as string });

      it('writes no event and no rollup row of a batch whose last insert fails', async () => {
        const batch = [
          ...Array.from({ length: 600 }, (_, i) => normalizedFailure({ event_id: `evt-${i}` })),
          broken(),
        ];
        await expect(insert(batch)).rejects.toThrow();
        expect(await listAll()).toEqual([]);
        const stats = await store.failures.stats(
          { equals: {}, since: T0, until: T0 + MINUTE },
          { bucket: 'minute', by: 'error_code', now: T0 + MINUTE },
        );
        expect(stats.points).toEqual([{ t: iso(T0), counts: {} }]);
        // The event_ids were not taken either: sending the batch again without the bad row works.
        expect((await insert(batch.slice(0, 600))).inserted).toBe(600);
      });

      it('fails only the bad request when it is committed together with good ones', async () => {
        const good1 = insert([normalizedFailure({ error_message: 'good 1' })]);
        const bad = insert([normalizedFailure({ error_message: 'bad neighbour' }), broken()]);
        const good2 = insert([normalizedFailure({ error_message: 'good 2' })]);
        const settled = await Promise.allSettled([good1, bad, good2]);
        expect(settled.map((result) => result.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        expect((await listAll()).map((item) => item.error_message).sort()).toEqual([
          'good 1',
          'good 2',
        ]);
      });
    });

    describe('stream cursors', () => {
      it('has no head and nothing after the start when empty', async () => {
        expect(await store.failures.head()).toBeNull();
        expect(await store.failures.after(null, 10)).toEqual({ items: [], cursor: null });
      });

      it('gives events in commit order, not occurred_at order, from any cursor', async () => {
        const first = await insert([
          normalizedFailure({ occurred_at: T0 + 3 * MINUTE }),
          normalizedFailure({ occurred_at: T0 + 2 * MINUTE }),
          normalizedFailure({ occurred_at: T0 + MINUTE }),
        ]);
        const second = await insert([
          normalizedFailure({ occurred_at: T0 }),
          normalizedFailure({ occurred_at: T0 - HOUR }),
        ]);
        const committed = [...first.ids, ...second.ids];

        const all = await store.failures.after(null, 100);
        expect(all.items.map((item) => item.id)).toEqual(committed);
        expect(all.cursor).toMatch(/^\d{16}$/);
        expect(all.cursor).toBe(streamCursor(Number(committed.at(-1))));
        expect(await store.failures.head()).toBe(all.cursor);

        const firstTwo = await store.failures.after(null, 2);
        expect(firstTwo.items.map((item) => item.id)).toEqual(committed.slice(0, 2));
        const rest = await store.failures.after(firstTwo.cursor, 100);
        expect(rest.items.map((item) => item.id)).toEqual(committed.slice(2));
        expect(await store.failures.after(all.cursor, 100)).toEqual({
          items: [],
          cursor: all.cursor,
        });
      });

      it('orders cursors as strings the way it orders events', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) ids.push(...(await insert([normalizedFailure()])).ids);
        const cursors = ids.map((id) => streamCursor(Number(id)));
        expect([...cursors].sort()).toEqual(cursors);
      });
    });

    describe('retention', () => {
      const DAY = 24 * HOUR;

      it('removes events older than the cutoff and their rollup rows, in chunks', async () => {
        const old = T0 - 20 * DAY;
        const oldIds = (
          await insert(
            Array.from({ length: 5 }, (_, i) =>
              normalizedFailure({ occurred_at: old + i * MINUTE, error_code: 'OLD' }),
            ),
          )
        ).ids;
        const recentIds = (
          await insert(
            Array.from({ length: 3 }, (_, i) =>
              normalizedFailure({ occurred_at: T0 + i * MINUTE, error_code: 'RECENT' }),
            ),
          )
        ).ids;

        expect(await store.failures.deleteBefore(T0 - DAY, 2)).toBe(5);

        expect((await listAll()).map((item) => item.id).sort()).toEqual([...recentIds].sort());
        for (const id of oldIds) expect(await store.failures.get(id)).toBeNull();
        // Minute buckets straight from the rollup: what retention leaves there is what is counted.
        const counted = async (since: number) => {
          const stats = await store.failures.stats(
            { equals: {}, since, until: since + 5 * MINUTE },
            { bucket: 'minute', by: 'error_code', now: since + 5 * MINUTE },
          );
          return stats.points.reduce(
            (sum, point) => sum + Object.values(point.counts).reduce((a, b) => a + b, 0),
            0,
          );
        };
        expect(await counted(old)).toBe(0);
        expect(await counted(T0)).toBe(3);
      });

      it('removes nothing when nothing is older than the cutoff', async () => {
        await insert([normalizedFailure({ occurred_at: T0 })]);
        expect(await store.failures.deleteBefore(T0)).toBe(0);
        expect(await listAll()).toHaveLength(1);
      });

      it('counts only the remaining events when the cutoff falls inside a minute', async () => {
        await insert([
          normalizedFailure({ occurred_at: T0 + 10_000, error_code: 'EARLY' }),
          normalizedFailure({ occurred_at: T0 + 50_000, error_code: 'LATE' }),
        ]);
        await store.failures.deleteBefore(T0 + 30_000);
        expect((await listAll()).map((item) => item.error_code)).toEqual(['LATE']);
        const fromRollup = await store.failures.stats(
          { equals: {}, since: T0, until: T0 + MINUTE },
          { bucket: 'minute', by: 'error_code', now: T0 + MINUTE },
        );
        expect(fromRollup.points).toEqual([{ t: iso(T0), counts: { LATE: 1 } }]);
      });
    });

    describe('migrations', () => {
      it('opens an existing store again without changing what it holds', async () => {
        const failure = fullyPopulated();
        const { ids } = await insert([failure]);
        await store.close();
        store = await openStore(location);
        expect(await store.failures.get(ids[0])).toEqual(expectedDetail(failure, ids[0]));
        const retry = await insert([failure]);
        expect(retry).toEqual({ ids, inserted: 0 });
        const next = await insert([normalizedFailure()]);
        expect(Number(next.ids[0])).toBeGreaterThan(Number(ids[0]));
      });

      it('serves two stores opened on the same location', async () => {
        const second = await openStore(location);
        extraStores.push(second);
        const { ids } = await insert([
          normalizedFailure({ error_message: 'written by the first' }),
        ]);
        expect((await second.failures.get(ids[0]))?.error_message).toBe('written by the first');
      });

      it.runIf(backend.name === 'PostgreSQL')(
        'keeps serving when the server drops its connections (a restart, a failover)',
        async () => {
          await insert([normalizedFailure({ error_message: 'before the drop' })]);
          const name = new URL(location.databaseUrl!).pathname.slice(1);
          expect(await terminateConnections(name)).toBeGreaterThan(0);
          // The dropped idle connections report their error now: it must not crash the process.
          await new Promise((resolve) => setTimeout(resolve, 100));
          const { ids } = await insert([normalizedFailure({ error_message: 'after the drop' })]);
          expect((await store.failures.get(ids[0]))?.error_message).toBe('after the drop');
        },
      );

      it.runIf(backend.name === 'PostgreSQL')(
        'lets two replicas migrate a fresh database at the same time',
        async () => {
          await store.close();
          await dispose();
          ({ location, dispose } = await backend.create());
          const opened = await Promise.all([openStore(location), openStore(location)]);
          store = opened[0];
          extraStores.push(opened[1]);
          const { ids } = await opened[1].failures.insert([normalizedFailure()]);
          expect(await opened[0].failures.get(ids[0])).not.toBeNull();
        },
      );
    });
  });
});
