import { ListQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { ingestFailures } from '@/lib/ingest';
import { ingestRoute } from '@/lib/ingest/ingestRoute';
import { getRuntime } from '@/lib/runtime';

export const POST = ingestRoute(ingestFailures);

export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(ListQuery, searchParamsObject(new URL(request.url).searchParams));
  return json(
    await store.failures.list(filterFrom(query), { cursor: query.cursor, limit: query.limit }),
  );
});
