import { GroupsQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

/** The matching failures grouped into problems, most recently failing first (docs/openapi.json, FailureGroup). */
export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(GroupsQuery, searchParamsObject(new URL(request.url).searchParams));
  return json(
    await store.failures.groups(filterFrom(query), {
      cursor: query.cursor,
      limit: query.limit,
      now: Date.now(),
    }),
  );
});
