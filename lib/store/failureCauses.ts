import { sql, type Kysely } from 'kysely';
import type { FailureFilter } from '../failures/query';
import type { CauseSummary } from '../failures/types';
import { applyFilter } from './failureFilter';
import type { Database } from './schema';

/**
 * The causes behind the failures matching `filter`, most frequent first, each with its most
 * frequent explanation: what the failures and environment pages lead with.
 */
export async function failureCauses(
  db: Kysely<Database>,
  filter: FailureFilter,
): Promise<CauseSummary> {
  const rows = await applyFilter(db.selectFrom('failures'), filter)
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
    if (count > entry.detailCount)
      Object.assign(entry, { detail: row.cause_detail, detailCount: count });
    byCause.set(cause, entry);
  }
  const items = [...byCause.entries()]
    .map(([cause, entry]) => ({
      cause,
      count: entry.count,
      share: total ? entry.count / total : 0,
      detail: entry.detail,
    }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
  return { total, items };
}
