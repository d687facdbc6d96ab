import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { GROUP_COLUMNS, type GroupKey } from '../failures/groups';
import type { Database } from './schema';

/** "This failure belongs to `key`": each of the six columns equal, a null matched by `is null`. */
export function inGroup(eb: ExpressionBuilder<Database, 'failures'>, key: GroupKey): Expression<SqlBool> {
  return eb.and(GROUP_COLUMNS.map((column) => {
    const value = key[column];
    return value === null ? eb(column, 'is', null) : eb(column, '=', value);
  }));
}

/** Any of `keys` (a page of groups); false for none. */
export function inAnyGroup(eb: ExpressionBuilder<Database, 'failures'>, keys: readonly GroupKey[]): Expression<SqlBool> {
  return eb.or(keys.map((key) => inGroup(eb, key)));
}
