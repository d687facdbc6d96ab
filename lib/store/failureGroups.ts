import type { Kysely } from 'kysely';
import {
  encodeGroupId,
  GROUP_COLUMNS,
  type FailureGroup,
  type FailureGroupPage,
  type GroupKey,
} from '../failures/groups';
import type { FailureFilter } from '../failures/query';
import { groupSeries, groupTotals, rollupServes } from './groupParts';
import { membersPerGroup } from './groupMembers';
import { invalidCursor } from './failurePages';
import type { Database } from './schema';

const MINUTE = 60_000;
/** Without `since`, a group's sparkline shows the last hour; never more than a day of minutes. */
const DEFAULT_SERIES = 60 * MINUTE;
const MAX_SERIES = 1_440 * MINUTE;
const TOP = 3;

/**
 * The failures matching `filter`, grouped into problems, most recently failing first. Counts,
 * first and last seen and the series come from the per-minute group rollup when it holds every
 * filter (else from the events, with the same answer); the top instances, users and explanation
 * from the events of the page's groups. `source: 'events'` forces the events (tests compare).
 */
export async function failureGroups(
  db: Kysely<Database>,
  filter: FailureFilter,
  options: { cursor?: string; limit: number; now: number; source?: 'events' },
): Promise<FailureGroupPage> {
  const rollup = options.source !== 'events' && rollupServes(filter);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await groupTotals(db, filter, { rollup, after, limit: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  const window = seriesWindow(filter, options.now, Math.max(...page.map((row) => row.last_at)));
  const keys = page.map(keyOf);
  const everyGroup = !options.cursor && rows.length <= options.limit;
  const [series, instances, users, explanations] = await Promise.all([
    groupSeries(db, filter, keys, { since: window.since, until: window.until, rollup }),
    membersPerGroup(db, filter, keys, 'instance', TOP, everyGroup),
    membersPerGroup(db, filter, keys, 'user_name', TOP, everyGroup),
    membersPerGroup(db, filter, keys, 'cause_detail', 1, everyGroup),
  ]);
  const points = new Map<string, Array<{ t: number; n: number }>>();
  for (const point of series) {
    const id = encodeGroupId(keyOf(point));
    points.set(id, [...(points.get(id) ?? []), point]);
  }
  const buckets = Math.ceil((window.until - window.start) / MINUTE);
  const items = page.map((row): FailureGroup => {
    const key = keyOf(row);
    const id = encodeGroupId(key);
    const instancesOf = instances.get(id);
    const usersOf = users.get(id);
    return {
      id,
      ...key,
      count: row.n,
      first_seen: new Date(row.first_at).toISOString(),
      last_seen: new Date(row.last_at).toISOString(),
      explanation: explanations.get(id)?.top[0]?.value ?? null,
      series: denseSeries(points.get(id) ?? [], window.start, buckets),
      instances: {
        count: instancesOf?.count ?? 0,
        top: (instancesOf?.top ?? []).map((entry) => ({
          instance: entry.value,
          count: entry.count,
        })),
      },
      users: {
        count: usersOf?.count ?? 0,
        top: (usersOf?.top ?? []).map((entry) => ({ user: entry.value, count: entry.count })),
      },
    };
  });
  const last = page.at(-1);
  return {
    items,
    next_cursor:
      rows.length > options.limit && last ? encodeCursor(last.last_at, last.last_seq) : null,
    series: {
      bucket: 'minute',
      since: new Date(window.start).toISOString(),
      until: new Date(window.until).toISOString(),
    },
  };
}

/**
 * The sparkline window: the filter's range when it is at most a day (so the series adds up to the
 * count); for a longer range, the day up to the page's most recent failure, where the trend is.
 */
function seriesWindow(
  filter: FailureFilter,
  now: number,
  latest: number,
): { since: number; until: number; start: number } {
  const end = filter.until ?? Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const since0 = filter.since ?? end - DEFAULT_SERIES;
  const until =
    end - since0 > MAX_SERIES && Number.isFinite(latest)
      ? Math.min(end, Math.floor(latest / MINUTE) * MINUTE + MINUTE)
      : end;
  const since = Math.max(since0, until - MAX_SERIES);
  return { since, until, start: Math.floor(since / MINUTE) * MINUTE };
}

function denseSeries(
  points: Array<{ t: number; n: number }>,
  start: number,
  buckets: number,
): number[] {
  const series = new Array<number>(buckets).fill(0);
  for (const point of points) {
    const index = (point.t - start) / MINUTE;
    if (index >= 0 && index < buckets) series[index] += point.n;
  }
  return series;
}

function keyOf(row: GroupKey): GroupKey {
  return Object.fromEntries(GROUP_COLUMNS.map((column) => [column, row[column]])) as GroupKey;
}

function encodeCursor(last: number, seq: number): string {
  return Buffer.from(`g:${last}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^g:(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidCursor();
  return [Number(match[1]), Number(match[2])];
}
