import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { NormalizedFailure } from '../failures/normalize';
import type { FailureGroupPage } from '../failures/groups';
import type { FailureFilter, FilterField } from '../failures/query';
import type { FailureDetail, FailureItem, FailurePage, FailureStats, StatsDimension } from '../failures/types';
import type { Dialect } from './database';
import { ITEM_COLUMNS, toDetail, toItem, toRow } from './failureRows';
import { upsertRollup } from './failureRollup';
import { failureGroups } from './failureGroups';
import { inGroup } from './groupFilter';
import type { Database } from './schema';

const COLUMN: Record<FilterField, 'environment' | 'service' | 'error_code' | 'context' | 'user_name' | 'signed_by' | 'cause'> = {
  environment: 'environment',
  service: 'service',
  error_code: 'error_code',
  context: 'context',
  user: 'user_name',
  signed_by: 'signed_by',
  cause: 'cause',
};
const ROLLUP_DIMENSIONS = new Set<string>(['environment', 'service', 'error_code', 'signed_by', 'context', 'cause']);
const INSERT_CHUNK = 500; // 30 columns × 500 rows stays under SQLite's 32,766 bound parameters
const MAX_BUCKETS = 20_000;
const GROUP_COMMIT_ROWS = 2_000;
const MAX_SERIES = 10;
export const NONE_LABEL = '(none)';
export const OTHER_LABEL = '(other)';
// One lock id for "failures are being written": PostgreSQL then commits in sequence order, so a
// reader that has seen seq N never later finds a smaller seq appear (the stream cursor relies on it).
const INSERT_LOCK = 0x61757468;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  /**
   * By name, not `instanceof`: the runtime singleton may come from another bundle of this module
   * (Next.js compiles route handlers separately), and then the classes differ.
   */
  static is(error: unknown): error is InvalidCursorError {
    return error instanceof Error && error.name === 'InvalidCursorError';
  }
}

export interface IncidentAggregates {
  total: number;
  first: number | null;
  last: number | null;
  services: Array<{ service: string | null; count: number }>;
  instances: Array<{ service: string | null; instance: string | null; count: number }>;
  users: Array<{ user: string; count: number }>;
  signerVsResolver: Array<{ signed_by: string | null; service: string | null; resolved_key: string | null; resolved_source: string | null; count: number }>;
}

export interface CauseSummary {
  total: number;
  items: Array<{ cause: string; count: number; share: number; detail: string | null }>;
}

export interface InsertResult {
  ids: string[];
  /** How many were new; the rest were retries of an `event_id` already stored. */
  inserted: number;
}

export class FailureStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private readonly queue: Array<{ failures: readonly NormalizedFailure[]; resolve: (result: InsertResult) => void; reject: (error: unknown) => void }> = [];
  private writing = false;

  /**
   * All or nothing, durable when it resolves. Requests that arrive while a commit is running are
   * committed together in the next transaction (group commit): one fsync serves them all.
   */
  insert(failures: readonly NormalizedFailure[]): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ failures, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits without yielding to I/O: wait for this turn's requests first, so
        // one fsync serves all of them rather than the first to arrive.
        await new Promise((resolve) => setImmediate(resolve));
        const group = this.takeGroup();
        try {
          const results = await this.commit(group.map((request) => request.failures));
          group.forEach((request, index) => request.resolve(results[index]));
        } catch (error) {
          // One request's failure must not fail its neighbours: retry each on its own.
          if (group.length === 1) group[0].reject(error);
          else for (const request of group) await this.commit([request.failures]).then(([result]) => request.resolve(result), request.reject);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private takeGroup() {
    const group = [this.queue.shift()!];
    let rows = group[0].failures.length;
    while (this.queue.length > 0 && rows + this.queue[0].failures.length <= GROUP_COMMIT_ROWS) {
      const next = this.queue.shift()!;
      rows += next.failures.length;
      group.push(next);
    }
    return group;
  }

  /** One transaction for several requests, in arrival order: a retry's event_id finds the first. */
  private async commit(requests: ReadonlyArray<readonly NormalizedFailure[]>): Promise<InsertResult[]> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${INSERT_LOCK})`.execute(trx);
      const all = requests.flat();
      const eventIds = [...new Set(all.map((failure) => failure.event_id).filter((id): id is string => id !== null))];
      const known = new Map<string, number>();
      for (let start = 0; start < eventIds.length; start += INSERT_CHUNK) {
        const rows = await trx.selectFrom('failures').select(['seq', 'event_id']).where('event_id', 'in', eventIds.slice(start, start + INSERT_CHUNK)).execute();
        for (const row of rows) known.set(row.event_id!, row.seq);
      }

      const fresh: NormalizedFailure[] = [];
      const pending = new Set<string>();
      const isFresh = all.map((failure) => {
        if (failure.event_id !== null && (known.has(failure.event_id) || pending.has(failure.event_id))) return false;
        if (failure.event_id !== null) pending.add(failure.event_id);
        fresh.push(failure);
        return true;
      });
      const seqs: number[] = [];
      for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
        const chunk = fresh.slice(start, start + INSERT_CHUNK);
        const rows = await trx.insertInto('failures').values(chunk.map(toRow)).returning(['seq', 'event_id']).execute();
        for (const row of rows) {
          seqs.push(row.seq);
          if (row.event_id !== null) known.set(row.event_id, row.seq);
        }
      }
      await upsertRollup(trx, fresh);

      let nextSeq = 0;
      let offset = 0;
      return requests.map((failures) => {
        const ids = failures.map((failure, index) => {
          if (isFresh[offset + index]) return String(seqs[nextSeq++]);
          return String(known.get(failure.event_id!)!);
        });
        const inserted = failures.filter((_, index) => isFresh[offset + index]).length;
        offset += failures.length;
        return { ids, inserted };
      });
    });
  }

  async get(id: string): Promise<FailureDetail | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    const row = await this.db.selectFrom('failures').selectAll().where('seq', '=', Number(id)).executeTakeFirst();
    return row ? toDetail(row) : null;
  }

  /** Newest first; `cursor` is the opaque `next_cursor` of the previous page. */
  async list(filter: FailureFilter, options: { cursor?: string; limit: number }): Promise<FailurePage> {
    let query = applyFilter(this.db.selectFrom('failures').select([...ITEM_COLUMNS]), filter);
    if (options.cursor) {
      const [occurredAt, seq] = decodeCursor(options.cursor);
      query = query.where((eb) => eb.or([eb('occurred_at', '<', occurredAt), eb.and([eb('occurred_at', '=', occurredAt), eb('seq', '<', seq)])]));
    }
    const rows = await query.orderBy('occurred_at', 'desc').orderBy('seq', 'desc').limit(options.limit + 1).execute();
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      next_cursor: rows.length > options.limit && last ? encodeCursor(last.occurred_at, last.seq) : null,
    };
  }

  /**
   * Counts per bucket by one dimension. Served from the per-minute rollup when every filter is
   * one of its dimensions; a filter on user or text falls back to the events themselves.
   */
  async stats(filter: FailureFilter, options: { bucket: 'minute' | 'hour'; by: StatsDimension; now: number }): Promise<FailureStats> {
    const size = options.bucket === 'minute' ? 60_000 : 3_600_000;
    // Counted over exactly [since, until) — the list's and the incident's range — even when the
    // first and last buckets are partial: a chart's total must equal the count beside it.
    const until = filter.until ?? Math.ceil(options.now / size) * size;
    const since = filter.since ?? Math.floor(until / size) * size - (options.bucket === 'minute' ? 3_600_000 : 86_400_000);
    if (until <= since) throw new RangeError('"since" must be before "until"');
    const grid = { since: Math.floor(since / size) * size, until: Math.ceil(until / size) * size };
    if ((grid.until - grid.since) / size > MAX_BUCKETS) throw new RangeError(`the range holds more than ${MAX_BUCKETS} ${options.bucket} buckets: use a larger bucket or a shorter range`);

    const fromRollup = ROLLUP_DIMENSIONS.has(options.by) && filter.q === undefined && filter.equals.user === undefined && !filter.group;
    const rows = fromRollup
      ? await this.statsFromRollupExactly(filter, options.by, since, until, size)
      : await this.statsFromEvents(filter, options.by, since, until, size);
    return shapeStats(rows, { bucket: options.bucket, by: options.by, since, until, size, grid });
  }

  /** Whole minutes from the rollup; the partial minutes at either end from the events. */
  private async statsFromRollupExactly(filter: FailureFilter, by: StatsDimension, since: number, until: number, size: number) {
    const inner = { since: Math.ceil(since / 60_000) * 60_000, until: Math.floor(until / 60_000) * 60_000 };
    if (inner.since >= inner.until) return this.statsFromEvents(filter, by, since, until, size);
    const edges = await Promise.all([[since, inner.since], [inner.until, until]].filter(([from, to]) => from < to).map(([from, to]) => this.statsFromEvents(filter, by, from, to, size)));
    return [...(await this.statsFromRollup(filter, by, inner.since, inner.until, size)), ...edges.flat()];
  }

  private async statsFromRollup(filter: FailureFilter, by: StatsDimension, since: number, until: number, size: number) {
    let query = this.db
      .selectFrom('failure_rollup')
      .select([sql<number>`(minute / ${sql.lit(size)}) * ${sql.lit(size)}`.as('t'), sql<string>`${sql.ref(by)}`.as('k'), sql<number>`sum(count)`.as('n')])
      .where('minute', '>=', since)
      .where('minute', '<', until);
    for (const [field, value] of Object.entries(filter.equals) as Array<[FilterField, string]>) {
      query = query.where(sql.ref(field === 'user' ? 'user_name' : field), '=', value);
    }
    return query.groupBy(['t', 'k']).execute();
  }

  private async statsFromEvents(filter: FailureFilter, by: StatsDimension, since: number, until: number, size: number) {
    const query = applyFilter(this.db.selectFrom('failures'), { ...filter, since, until })
      .select([sql<number>`(occurred_at / ${sql.lit(size)}) * ${sql.lit(size)}`.as('t'), sql<string | null>`${sql.ref(by)}`.as('k'), sql<number>`count(*)`.as('n')]);
    return query.groupBy(['t', 'k']).execute();
  }

  /**
   * The causes behind the failures matching `filter`, most frequent first, each with its most
   * frequent explanation: what the failures and environment pages lead with.
   */
  async causes(filter: FailureFilter): Promise<CauseSummary> {
    const rows = await applyFilter(this.db.selectFrom('failures'), filter)
      .select(['cause', 'cause_detail', sql<number>`count(*)`.as('n')])
      .groupBy(['cause', 'cause_detail'])
      .execute();
    const byCause = new Map<string, { count: number; detail: string | null; detailCount: number }>();
    let total = 0;
    for (const row of rows) {
      const count = Number(row.n);
      total += count;
      const cause = row.cause ?? 'unexplained';
      const entry = byCause.get(cause) ?? { count: 0, detail: null, detailCount: 0 };
      entry.count += count;
      if (count > entry.detailCount) Object.assign(entry, { detail: row.cause_detail, detailCount: count });
      byCause.set(cause, entry);
    }
    const items = [...byCause.entries()]
      .map(([cause, entry]) => ({ cause, count: entry.count, share: total ? entry.count / total : 0, detail: entry.detail }))
      .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
    return { total, items };
  }

  /** The aggregates an incident review needs over `filter` (an environment and a window). */
  async incidentAggregates(filter: FailureFilter): Promise<IncidentAggregates> {
    const base = () => applyFilter(this.db.selectFrom('failures'), filter);
    const span = await base().select([sql<number | null>`min(occurred_at)`.as('first'), sql<number | null>`max(occurred_at)`.as('last'), sql<number>`count(*)`.as('n')]).executeTakeFirst();
    const services = await base().select(['service', sql<number>`count(*)`.as('n')]).groupBy('service').execute();
    const instances = await base().select(['service', 'instance', sql<number>`count(*)`.as('n')]).groupBy(['service', 'instance']).execute();
    const users = await base().select(['user_name', sql<number>`count(*)`.as('n')]).where('user_name', 'is not', null).groupBy('user_name').orderBy('n', 'desc').limit(1000).execute();
    const matrix = await base()
      .select(['signed_by', 'service', 'resolved_key', 'resolved_source', sql<number>`count(*)`.as('n')])
      .groupBy(['signed_by', 'service', 'resolved_key', 'resolved_source'])
      .execute();
    const byCount = <T extends { n: number }>(rows: T[]) => rows.map((row) => ({ ...row, n: Number(row.n) })).sort((a, b) => b.n - a.n);
    return {
      total: Number(span?.n ?? 0),
      first: span?.first === null || span?.first === undefined ? null : Number(span.first),
      last: span?.last === null || span?.last === undefined ? null : Number(span.last),
      services: byCount(services).map((row) => ({ service: row.service, count: row.n })),
      instances: byCount(instances).map((row) => ({ service: row.service, instance: row.instance, count: row.n })),
      users: byCount(users).map((row) => ({ user: row.user_name!, count: row.n })),
      signerVsResolver: byCount(matrix).map((row) => ({ signed_by: row.signed_by, service: row.service, resolved_key: row.resolved_key, resolved_source: row.resolved_source, count: row.n })),
    };
  }

  /** The matching failures grouped into problems (lib/store/failureGroups.ts). */
  groups(filter: FailureFilter, options: { cursor?: string; limit: number; now: number }): Promise<FailureGroupPage> {
    return failureGroups(this.db, filter, options);
  }

  /** Stream source: events with seq after `cursor`, oldest first. */
  async after(cursor: string | null, limit: number): Promise<{ items: FailureItem[]; cursor: string | null }> {
    const from = cursor === null ? 0 : Number(cursor);
    const rows = await this.db.selectFrom('failures').select([...ITEM_COLUMNS]).where('seq', '>', Number.isFinite(from) ? from : 0).orderBy('seq').limit(limit).execute();
    const last = rows.at(-1);
    return { items: rows.map(toItem), cursor: last ? streamCursor(last.seq) : cursor };
  }

  async head(): Promise<string | null> {
    const row = await this.db.selectFrom('failures').select(sql<number | null>`max(seq)`.as('seq')).executeTakeFirst();
    return row?.seq ? streamCursor(row.seq) : null;
  }

  /** Retention: removes events that occurred before `cutoff`, in bounded chunks. */
  async deleteBefore(cutoff: number, chunk = 10_000): Promise<number> {
    let removed = 0;
    for (;;) {
      const doomed = this.db.selectFrom('failures').select('seq').where('occurred_at', '<', cutoff).limit(chunk);
      const result = await this.db.deleteFrom('failures').where('seq', 'in', doomed).executeTakeFirst();
      const count = Number(result.numDeletedRows);
      removed += count;
      if (count < chunk) break;
    }
    await this.trimRollup(cutoff);
    return removed;
  }

  /**
   * Drops rollup rows for minutes that ended before `cutoff` and recounts the minute it falls
   * inside from the events left, so stats read from the rollup still match the events.
   */
  private async trimRollup(cutoff: number): Promise<void> {
    const minute = Math.floor(cutoff / 60_000) * 60_000;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('failure_rollup').where('minute', '<', cutoff).execute();
      if (minute === cutoff) return;
      await trx
        .insertInto('failure_rollup')
        .columns(['minute', 'environment', 'service', 'error_code', 'signed_by', 'context', 'cause', 'count'])
        .expression(
          trx
            .selectFrom('failures')
            .select([
              sql<number>`${sql.lit(minute)}`.as('minute'),
              'environment',
              sql<string>`coalesce(service, '')`.as('service'),
              sql<string>`coalesce(error_code, '')`.as('error_code'),
              sql<string>`coalesce(signed_by, '')`.as('signed_by'),
              sql<string>`coalesce(context, '')`.as('context'),
              sql<string>`coalesce(cause, '')`.as('cause'),
              sql<number>`count(*)`.as('count'),
            ])
            .where('occurred_at', '>=', minute)
            .where('occurred_at', '<', minute + 60_000)
            .groupBy(['environment', sql`coalesce(service, '')`, sql`coalesce(error_code, '')`, sql`coalesce(signed_by, '')`, sql`coalesce(context, '')`, sql`coalesce(cause, '')`]),
        )
        .execute();
    });
  }
}

/** Stream cursors compare as strings (lib/live/feed), so they are zero-padded. */
export function streamCursor(seq: number): string {
  return String(seq).padStart(16, '0');
}

function encodeCursor(occurredAt: number, seq: number): string {
  return Buffer.from(`${occurredAt}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError('"cursor" is not a cursor this server gave out');
  return [Number(match[1]), Number(match[2])];
}

type FailuresQuery<O> = SelectQueryBuilder<Database, 'failures', O>;

export function applyFilter<O>(query: FailuresQuery<O>, filter: FailureFilter): FailuresQuery<O> {
  let result = query;
  for (const [field, value] of Object.entries(filter.equals) as Array<[FilterField, string]>) {
    result = result.where(COLUMN[field], '=', value);
  }
  if (filter.since !== undefined) result = result.where('occurred_at', '>=', filter.since);
  if (filter.until !== undefined) result = result.where('occurred_at', '<', filter.until);
  if (filter.group) result = result.where((eb) => inGroup(eb, filter.group!));
  if (filter.q !== undefined) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (eb: ExpressionBuilder<Database, 'failures'>, column: string) =>
      eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`);
    result = result.where((eb) => eb.or(['error_message', 'error_code', 'service', 'instance', 'user_name'].map((column) => like(eb, column))));
  }
  return result;
}

function shapeStats(
  rows: Array<{ t: number; k: string | null; n: number }>,
  window: { bucket: 'minute' | 'hour'; by: StatsDimension; since: number; until: number; size: number; grid: { since: number; until: number } },
): FailureStats {
  const label = (key: string | null) => (key === null || key === '' ? NONE_LABEL : key);
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(label(row.k), (totals.get(label(row.k)) ?? 0) + Number(row.n));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const shown = new Set(ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES));
  const keys = ranked.length > MAX_SERIES ? [...shown, OTHER_LABEL] : [...shown];

  const points = new Map<number, Record<string, number>>();
  for (let t = window.grid.since; t < window.grid.until; t += window.size) points.set(t, {});
  for (const row of rows) {
    const counts = points.get(Number(row.t));
    if (!counts) continue;
    const key = shown.has(label(row.k)) ? label(row.k) : OTHER_LABEL;
    counts[key] = (counts[key] ?? 0) + Number(row.n);
  }
  return {
    bucket: window.bucket,
    by: window.by,
    since: new Date(window.since).toISOString(),
    until: new Date(window.until).toISOString(),
    keys,
    points: [...points.entries()].map(([t, counts]) => ({ t: new Date(t).toISOString(), counts })),
  };
}
