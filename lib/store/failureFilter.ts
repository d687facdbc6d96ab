import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { FILTER_COLUMN, type FilterField } from '../failures/dimensions';
import type { FailureFilter } from '../failures/query';
import { inGroup } from './groupFilter';
import type { Database } from './schema';

/** The columns the free-text search (`q`) looks in. */
const SEARCHED = ['error_message', 'error_code', 'service', 'instance', 'user_name'] as const;

export type FailuresQuery<O> = SelectQueryBuilder<Database, 'failures', O>;

/** The one reading of a FailureFilter as SQL: the list, stats, causes, groups and incidents share it. */
export function applyFilter<O>(query: FailuresQuery<O>, filter: FailureFilter): FailuresQuery<O> {
  let result = query;
  for (const [field, value] of Object.entries(filter.equals) as Array<[FilterField, string]>) {
    result = result.where(FILTER_COLUMN[field], '=', value);
  }
  if (filter.since !== undefined) result = result.where('occurred_at', '>=', filter.since);
  if (filter.until !== undefined) result = result.where('occurred_at', '<', filter.until);
  if (filter.group) result = result.where((eb) => inGroup(eb, filter.group!));
  if (filter.q !== undefined) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (eb: ExpressionBuilder<Database, 'failures'>, column: string) =>
      eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`);
    result = result.where((eb) => eb.or(SEARCHED.map((column) => like(eb, column))));
  }
  return result;
}
