import { describe, expect, it } from 'vitest';
import {
  FAILURE_DIMENSIONS,
  FILTER_COLUMN,
  FILTER_FIELDS,
  isStatsDimension,
  STATS_DIMENSIONS,
} from '../../../lib/failures/dimensions';
import { filterFrom, ListQuery, StatsQuery } from '../../../lib/failures/query';
import { FAILURE_FILTERS, readFailureView } from '../../../lib/client/failureQuery';
import { ROLLUP_COLUMNS } from '../../../lib/store/failureRollup';

describe('the failure dimension table', () => {
  it('is what the list and stats accept as filters, and what a chart is split by', () => {
    for (const field of FILTER_FIELDS) expect(Object.keys(ListQuery.shape)).toContain(field);
    expect(StatsQuery.parse({}).by).toBe('error_code');
    for (const by of STATS_DIMENSIONS) expect(StatsQuery.parse({ by }).by).toBe(by);
    expect(() => StatsQuery.parse({ by: 'user' })).toThrow();
  });

  it('rolls up every dimension but the user, in its column', () => {
    expect(STATS_DIMENSIONS).not.toContain('user');
    expect(ROLLUP_COLUMNS).toEqual(STATS_DIMENSIONS.map((field) => FILTER_COLUMN[field]));
    expect(FILTER_COLUMN.user).toBe('user_name');
    expect(isStatsDimension('cause')).toBe(true);
    expect(isStatsDimension('user')).toBe(false);
  });

  it("gives the page's filters, read from the URL into the API's filter", () => {
    expect(FAILURE_FILTERS).toEqual([
      ...FAILURE_DIMENSIONS.map((dimension) => dimension.field),
      'q',
      'group',
    ]);
    const view = readFailureView(
      new URLSearchParams('service=backend-websocket&user=alice&cause=secret_mismatch&nonsense=1'),
    );
    expect(view.filters).toEqual({
      service: 'backend-websocket',
      user: 'alice',
      cause: 'secret_mismatch',
    });
    expect(filterFrom({ service: 'backend-websocket', user: 'alice' }).equals).toEqual({
      service: 'backend-websocket',
      user: 'alice',
    });
  });
});
