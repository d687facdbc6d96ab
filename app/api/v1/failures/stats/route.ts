import { StatsQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(StatsQuery, searchParamsObject(new URL(request.url).searchParams));
  return json(
    await store.failures.stats(filterFrom(query), {
      bucket: query.bucket,
      by: query.by,
      now: Date.now(),
    }),
  );
});
