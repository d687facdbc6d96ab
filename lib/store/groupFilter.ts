import {
  sql,
  type ExpressionBuilder,
  type Expression,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import { GROUP_COLUMNS, type GroupKey } from '../failures/groups';
import type { Database } from './schema';

/** "This failure belongs to `key`": each of the six columns equal, a null matched by `is null`. */
export function inGroup(
  eb: ExpressionBuilder<Database, 'failures'>,
  key: GroupKey,
): Expression<SqlBool> {
  return eb.and(
    GROUP_COLUMNS.map((column) => {
      const value = key[column];
      return value === null ? eb(column, 'is', null) : eb(column, '=', value);
    }),
  );
}

// Control characters no service name or key id contains: they join the six columns into one
// text, so "one of these 50 groups" is one IN lookup per row instead of 300 comparisons.
const SEPARATOR = '\u001f';
export const NULL_MARK = '\u001e';

function joinedKey(): RawBuilder<string> {
  return sql<string>`${sql.join(
    GROUP_COLUMNS.map((column) => sql`coalesce(${sql.ref(column)}, ${NULL_MARK})`),
    sql` || ${SEPARATOR} || `,
  )}`;
}

function joinedValue(key: GroupKey): string {
  return GROUP_COLUMNS.map((column) => key[column] ?? NULL_MARK).join(SEPARATOR);
}

/**
 * Any of `keys` (a page of groups). A value that itself held the control characters could match
 * a neighbour's joined text; callers keep only rows whose six columns are a page group's.
 */
export function inAnyGroup(
  eb: ExpressionBuilder<Database, 'failures'>,
  keys: readonly GroupKey[],
): Expression<SqlBool> {
  return eb(joinedKey(), 'in', keys.map(joinedValue));
}

/** The same test as raw SQL, for any table holding the six columns (the group rollup too). */
export function inAnyGroupSql(keys: readonly GroupKey[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${joinedKey()} in (${sql.join(keys.map(joinedValue))})`;
}
