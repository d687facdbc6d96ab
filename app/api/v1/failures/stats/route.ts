import { StatsQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { ApiError, json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(StatsQuery, searchParamsObject(new URL(request.url).searchParams));
  try {
    return json(await store.failures.stats(filterFrom(query), { bucket: query.bucket, by: query.by, now: Date.now() }));
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('bad_request', `Bad time range: ${error.message}.`, [{ path: 'since', message: error.message }]);
    throw error;
  }
});
