import { FilterQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

/** The diagnosed causes of the matching failures, most frequent first, with their share. */
export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(FilterQuery, searchParamsObject(new URL(request.url).searchParams));
  return json(await store.failures.causes(filterFrom(query)));
});
