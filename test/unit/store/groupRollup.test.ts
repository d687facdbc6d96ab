import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeGroupId, type FailureFilter, type FailureGroupPage } from '../../../lib/failures';
import { openDatabase, type OpenedDatabase, type StoreLocation } from '../../../lib/store/database';
import { commitFailures } from '../../../lib/store/failureCommit';
import { failureGroups } from '../../../lib/store/failureGroups';
import { deleteFailuresBefore } from '../../../lib/store/failureRetention';
import { up as groupRollupMigration } from '../../../lib/store/migrations/0011_group_rollup';
import { MINUTE, normalizedFailure, T0 } from '../../fixtures/failures/normalizedFailure';
import { createTestDatabase, PG_URL } from '../../helpers/postgres';

const BACKENDS = [
  {
    name: 'SQLite',
    available: true,
    create: async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-group-rollup-'));
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

const pick = <T>(values: readonly T[], n: number): T => values[n % values.length];
const NOW = T0 + 40 * MINUTE;

/** 900 failures over 30 minutes at uneven seconds, nulls in every group column but one. */
const EVENTS = Array.from({ length: 900 }, (_, i) =>
  normalizedFailure({
    occurred_at: T0 + Math.floor((i * 1_999) % (30 * MINUTE)),
    environment: pick(['staging', 'production'], i),
    service: pick(['backend-rest', 'backend-websocket', null], i >> 1),
    instance: pick(['pod-1', 'pod-2', 'pod-3', null, 'pod-5'], i),
    context: pick(['websocket', 'rest', null], i >> 2),
    user: pick(['alice', 'bob', null, 'carol'], i >> 3),
    cause: pick(['secret_mismatch', 'expired', 'unexplained'], i >> 4),
    error_code: pick(['VALIDATION_FAILED', 'TOKEN_EXPIRED', null], i >> 4),
    cause_detail: pick(['one wording', 'another wording', 'a third'], i),
    signed_by: pick(['staging-primary', null], i >> 5),
    resolved_key: pick(['staging-legacy', 'staging-primary', null], i >> 6),
    error_message: `failure ${i}`,
  }),
);

/** Every page of `filter`, two groups a page, so the cursor is compared too. */
async function allPages(
  opened: OpenedDatabase,
  filter: FailureFilter,
  source?: 'events',
): Promise<FailureGroupPage[]> {
  const pages: FailureGroupPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await failureGroups(opened.db, filter, { cursor, limit: 2, now: NOW, source });
    pages.push(page);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe.each(BACKENDS)('the group rollup on $name', (backend) => {
  describe.skipIf(!backend.available)('contract', () => {
    let opened: OpenedDatabase;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      const created = await backend.create();
      dispose = created.dispose;
      opened = await openDatabase(created.location);
      // Several commits, so the rollup's rows are merged by the upsert, not only written once.
      for (let start = 0; start < EVENTS.length; start += 250)
        await commitFailures(opened.db, opened.dialect, [EVENTS.slice(start, start + 250)]);
    });

    afterEach(async () => {
      await opened.db.destroy();
      await dispose();
    });

    const anyGroup = async () =>
      decodeGroupId(
        (await failureGroups(opened.db, { equals: {} }, { limit: 5, now: NOW })).items[3].id,
      )!;

    const filters = async (): Promise<Array<[string, FailureFilter]>> => [
      ['everything', { equals: {} }],
      ['a range on whole minutes', { equals: {}, since: T0 + 5 * MINUTE, until: T0 + 20 * MINUTE }],
      [
        'a range cutting into minutes at both ends',
        { equals: {}, since: T0 + 5 * MINUTE + 17_321, until: T0 + 20 * MINUTE + 41_003 },
      ],
      [
        'a range inside one minute',
        { equals: {}, since: T0 + 3 * MINUTE + 5_000, until: T0 + 3 * MINUTE + 50_000 },
      ],
      ['only a start', { equals: {}, since: T0 + 12 * MINUTE + 30_000 }],
      ['only an end', { equals: {}, until: T0 + 12 * MINUTE + 30_000 }],
      ['one environment', { equals: { environment: 'production' } }],
      ['a context and a service', { equals: { context: 'rest', service: 'backend-rest' } }],
      [
        'a cause, code and signer',
        { equals: { cause: 'expired', error_code: 'TOKEN_EXPIRED', signed_by: 'staging-primary' } },
      ],
      ['one group, in a range', { equals: {}, group: await anyGroup(), since: T0 + 61_000 }],
      ['a user (not rolled up)', { equals: { user: 'alice' } }],
      ['free text (not rolled up)', { equals: {}, q: 'failure 1' }],
    ];

    it('answers every filter, page by page, exactly as the events do', async () => {
      for (const [label, filter] of await filters()) {
        const fromRollup = await allPages(opened, filter);
        const fromEvents = await allPages(opened, filter, 'events');
        expect(fromRollup, label).toEqual(fromEvents);
        expect(fromRollup.flatMap((page) => page.items).length, label).toBeGreaterThan(0);
      }
    });

    it('serves rolled-up filters from the rollup and the rest from the events', async () => {
      // Doubling the rollup's counts shows which answers read it.
      await sql`update failure_group_rollup set count = count * 2`.execute(opened.db);
      const total = async (filter: FailureFilter, source?: 'events') =>
        (await allPages(opened, filter, source))
          .flatMap((page) => page.items)
          .reduce((sum, group) => sum + group.count, 0);
      const rolledUp: FailureFilter = { equals: { environment: 'staging' } };
      expect(await total(rolledUp)).toBe(2 * (await total(rolledUp, 'events')));
      const byUser: FailureFilter = { equals: { user: 'bob' } };
      expect(await total(byUser)).toBe(await total(byUser, 'events'));
    });

    it('still agrees after retention cuts into a minute', async () => {
      await deleteFailuresBefore(opened.db, T0 + 7 * MINUTE + 29_000, 100);
      for (const [label, filter] of (await filters()).slice(0, 9))
        expect(await allPages(opened, filter), label).toEqual(
          await allPages(opened, filter, 'events'),
        );
    });

    it('is filled from the events already stored when the migration runs', async () => {
      await sql`drop table failure_group_rollup`.execute(opened.db);
      await groupRollupMigration(opened.db as never);
      for (const [label, filter] of (await filters()).slice(0, 9))
        expect(await allPages(opened, filter), label).toEqual(
          await allPages(opened, filter, 'events'),
        );
    });
  });
});
