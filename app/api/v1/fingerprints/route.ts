import { ingestPrincipalFrom } from '@/lib/access';
import { ApiError, json, ONE_MIB, readJson, route } from '@/lib/http';
import { ingestFingerprints } from '@/lib/ingest';
import { getRuntime } from '@/lib/runtime';

// Served by the machine path in scripts/server.mjs in production; this handler is the same
// code for `next dev` and any server that does not put that path in front.
export const POST = route(async (request: Request) => {
  const runtime = await getRuntime();
  const principal = ingestPrincipalFrom(
    request.headers.get('authorization'),
    runtime.access.ingestKeys,
  );
  if (!principal)
    throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
  return json(
    await ingestFingerprints(runtime, principal, await readJson(request, { limit: ONE_MIB })),
    { status: 202 },
  );
});
