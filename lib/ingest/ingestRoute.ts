import { ingestPrincipalFrom, type IngestPrincipal } from '../access';
import { ApiError, json, ONE_MIB, readJson, route } from '../http';
import { getRuntime, type Runtime } from '../runtime/runtime';

type Ingest = (runtime: Runtime, principal: IngestPrincipal, body: unknown) => Promise<unknown>;

/**
 * The Next.js handler of an ingest endpoint. Production answers these paths on the machine path
 * (lib/ingest/machinePath.ts) before Next.js routing; this is the same ingest for `next dev` and
 * any server that does not put that path in front.
 */
export function ingestRoute(ingest: Ingest) {
  return route(async (request: Request) => {
    const runtime = await getRuntime();
    const principal = ingestPrincipalFrom(
      request.headers.get('authorization'),
      runtime.access.ingestKeys,
    );
    if (!principal)
      throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
    const body = await readJson(request, { limit: ONE_MIB });
    return json(await ingest(runtime, principal, body), { status: 202 });
  });
}
