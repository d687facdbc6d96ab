import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeGroupId,
  type FailureFilter,
  type FailureGroup,
  type NormalizedFailure,
} from '../../../lib/failures';
import { InvalidCursorError, openStore, type Store, type StoreLocation } from '../../../lib/store';
import { MINUTE, normalizedFailure, T0 } from '../../fixtures/failures/normalizedFailure';
import { createTestDatabase, PG_URL } from '../../helpers/postgres';

const BACKENDS = [
  {
    name: 'SQLite',
    available: true,
    create: async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-groups-'));
      return {
        location: { dataDir } as StoreLocation,
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
        location: { dataDir: os.tmpdir(), databaseUrl: database.url } as StoreLocation,
        dispose: database.drop,
      };
    },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();
const pick = <T>(values: readonly T[], n: number): T => values[n % values.length];

/** The first incident in miniature: websocket fails with the legacy key, REST expires, a few strays. */
const mismatch = (i: number) =>
  normalizedFailure({
    occurred_at: T0 + i * 7_000,
    service: 'backend-websocket',
    instance: pick(['ws-1', 'ws-2', 'ws-3', 'ws-4'], i),
    user: pick(['alice', 'bob', 'carol', 'dave', 'erin'], i),
    error_code: 'VALIDATION_FAILED',
    signed_by: 'staging-primary',
    resolved_key: 'staging-legacy',
    cause: 'secret_mismatch',
    cause_detail: pick(
      ['ws resolved JWT_SECRET_KEY', 'ws resolved JWT_SECRET_KEY', 'other wording'],
      i,
    ),
    error_message: `mismatch ${i}`,
  });
const expired = (i: number) =>
  normalizedFailure({
    occurred_at: T0 + 30_000 + i * 11_000,
    service: 'backend-rest',
    instance: 'rest-1',
    user: 'alice',
    error_code: 'TOKEN_EXPIRED',
    signed_by: 'staging-primary',
    resolved_key: 'staging-primary',
    cause: 'expired',
    cause_detail: 'the token expired',
    error_message: `expired ${i}`,
  });
const bare = (i: number) =>
  normalizedFailure({
    occurred_at: T0 + 5_000 + i * 13_000,
    environment: 'production',
    error_message: `bare ${i}`,
  });
const EVENTS: NormalizedFailure[] = [
  ...Array.from({ length: 40 }, (_, i) => mismatch(i)),
  ...Array.from({ length: 12 }, (_, i) => expired(i)),
  ...Array.from({ length: 5 }, (_, i) => bare(i)),
];

describe.each(BACKENDS)('failure groups on $name', (backend) => {
  describe.skipIf(!backend.available)('contract', () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      const created = await backend.create();
      dispose = created.dispose;
      store = await openStore(created.location);
      await store.failures.insert(EVENTS.slice(0, 30));
      await store.failures.insert(EVENTS.slice(30));
    });

    afterEach(async () => {
      await store.close();
      await dispose();
    });

    const groups = (
      filter: FailureFilter = { equals: {} },
      options: { cursor?: string; limit?: number } = {},
    ) => store.failures.groups(filter, { limit: 50, now: T0 + 10 * MINUTE, ...options });
    const listCount = async (filter: FailureFilter) =>
      (await store.failures.list(filter, { limit: 500 })).items.length;

    it('forms one group per environment, service, cause, code, signer and resolved key, most recent first', async () => {
      const page = await groups();
      expect(
        page.items.map((group) => [group.environment, group.service, group.cause, group.count]),
      ).toEqual([
        ['staging', 'backend-websocket', 'secret_mismatch', 40],
        ['staging', 'backend-rest', 'expired', 12],
        ['production', null, 'unexplained', 5],
      ]);
      expect(page.next_cursor).toBeNull();
    });

    it('gives each group its first and last failure, its explanation and its top instances and users', async () => {
      const [websocket] = (await groups()).items;
      expect(websocket).toMatchObject({
        environment: 'staging',
        service: 'backend-websocket',
        cause: 'secret_mismatch',
        error_code: 'VALIDATION_FAILED',
        signed_by: 'staging-primary',
        resolved_key: 'staging-legacy',
        first_seen: iso(T0),
        last_seen: iso(T0 + 39 * 7_000),
        explanation: 'ws resolved JWT_SECRET_KEY',
        instances: {
          count: 4,
          top: [
            { instance: 'ws-1', count: 10 },
            { instance: 'ws-2', count: 10 },
            { instance: 'ws-3', count: 10 },
          ],
        },
        users: {
          count: 5,
          top: [
            { user: 'alice', count: 8 },
            { user: 'bob', count: 8 },
            { user: 'carol', count: 8 },
          ],
        },
      });
    });

    it('counts what the list gives for the group id, nulls matched as nulls', async () => {
      for (const group of (await groups()).items) {
        expect(await listCount({ equals: {}, group: decodeGroupId(group.id)! }), group.id).toBe(
          group.count,
        );
      }
    });

    it('applies the list filters: environment, time range, text', async () => {
      const filters: FailureFilter[] = [
        { equals: { environment: 'staging' } },
        { equals: {}, since: T0 + 60_000, until: T0 + 2 * MINUTE + 30_000 },
        { equals: {}, q: 'expired 1' },
        { equals: { user: 'alice' } },
      ];
      for (const filter of filters) {
        const page = await groups(filter);
        expect(page.items.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(
          page.items.reduce((sum, group) => sum + group.count, 0),
          JSON.stringify(filter),
        ).toBe(await listCount(filter));
        for (const group of page.items)
          expect(await listCount({ ...filter, group: decodeGroupId(group.id)! })).toBe(group.count);
      }
    });

    it('gives a per-minute series over the range that adds up to the count', async () => {
      const filter = { equals: {}, since: T0 + 20_000, until: T0 + 4 * MINUTE + 10_000 };
      const page = await groups(filter);
      expect(page.series).toEqual({ bucket: 'minute', since: iso(T0), until: iso(filter.until) });
      for (const group of page.items) {
        expect(group.series).toHaveLength(5);
        expect(group.series.reduce((a, b) => a + b, 0)).toBe(group.count);
      }
      const websocket = page.items.find((group) => group.service === 'backend-websocket')!;
      const inMinute = (m: number) =>
        EVENTS.slice(0, 40).filter(
          (e) =>
            e.occurred_at >= Math.max(filter.since, T0 + m * MINUTE) &&
            e.occurred_at < Math.min(filter.until, T0 + (m + 1) * MINUTE),
        ).length;
      expect(websocket.series).toEqual([0, 1, 2, 3, 4].map(inMinute));
    });

    it('over more than a day, gives the series of the day up to the most recent failure', async () => {
      const page = await groups({
        equals: {},
        since: T0 - 3 * 24 * HOUR_MS,
        until: T0 + 3 * 24 * HOUR_MS,
      });
      expect(page.series).toEqual({
        bucket: 'minute',
        since: iso(T0 + 5 * MINUTE - 24 * HOUR_MS),
        until: iso(T0 + 5 * MINUTE),
      });
      for (const group of page.items) {
        expect(group.series).toHaveLength(1_440);
        expect(group.series.reduce((a, b) => a + b, 0)).toBe(group.count);
      }
    });

    it('pages with a cursor, every group once, in order', async () => {
      const seen: FailureGroup[] = [];
      let cursor: string | undefined;
      do {
        const page = await groups({ equals: {} }, { limit: 1, cursor });
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(seen.map((group) => group.id)).toEqual(
        (await groups()).items.map((group) => group.id),
      );
    });

    it('refuses a cursor it did not give out', async () => {
      await expect(groups({ equals: {} }, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toSatisfy(
        InvalidCursorError.is,
      );
    });

    it.each([
      ['the rollup', {}],
      ['the events', { q: 'e' }],
    ])(
      'counts stats over exactly the range, partial minutes included (from %s)',
      async (_path, extra) => {
        const filter = {
          equals: {},
          since: T0 + 20_000,
          until: T0 + 3 * MINUTE + 10_000,
          ...extra,
        };
        for (const bucket of ['minute', 'hour'] as const) {
          const stats = await store.failures.stats(filter, {
            bucket,
            by: 'cause',
            now: T0 + HOUR_MS,
          });
          const total = stats.points.reduce(
            (sum, point) => sum + Object.values(point.counts).reduce((a, b) => a + b, 0),
            0,
          );
          expect(total, bucket).toBe(await listCount(filter));
          expect(stats.since).toBe(iso(filter.since));
          expect(stats.until).toBe(iso(filter.until));
        }
      },
    );
  });
});

const HOUR_MS = 60 * MINUTE;
