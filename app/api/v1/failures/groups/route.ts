import { GroupsQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { ApiError, json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';
import { InvalidCursorError } from '@/lib/store';

/** The matching failures grouped into problems, most recently failing first (SPEC, Groups). */
export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(GroupsQuery, searchParamsObject(new URL(request.url).searchParams));
  try {
    return json(await store.failures.groups(filterFrom(query), { cursor: query.cursor, limit: query.limit, now: Date.now() }));
  } catch (error) {
    if (InvalidCursorError.is(error)) throw new ApiError('bad_request', error.message, [{ path: 'cursor', message: error.message }]);
    throw error;
  }
});
