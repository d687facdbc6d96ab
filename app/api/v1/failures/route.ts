import { ingestPrincipalFrom } from '@/lib/access';
import { ListQuery, filterFrom, searchParamsObject } from '@/lib/failures';
import { ApiError, json, ONE_MIB, readJson, route, validate } from '@/lib/http';
import { ingestFailures } from '@/lib/ingest';
import { getRuntime } from '@/lib/runtime';

// Ingest. Served by the machine path in scripts/server.mjs in production; this handler is the
// same code for `next dev` and any server that does not put that path in front.
export const POST = route(async (request: Request) => {
  const runtime = await getRuntime();
  const principal = ingestPrincipalFrom(
    request.headers.get('authorization'),
    runtime.access.ingestKeys,
  );
  if (!principal)
    throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
  return json(
    await ingestFailures(runtime, principal, await readJson(request, { limit: ONE_MIB })),
    { status: 202 },
  );
});

export const GET = route(async (request: Request) => {
  const { store } = await getRuntime();
  const query = validate(ListQuery, searchParamsObject(new URL(request.url).searchParams));
  return json(
    await store.failures.list(filterFrom(query), { cursor: query.cursor, limit: query.limit }),
  );
});
