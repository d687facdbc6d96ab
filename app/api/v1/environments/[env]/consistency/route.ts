import { canWriteEnvironment, ingestPrincipalFrom } from '@/lib/access';
import { gateVerdict } from '@/lib/fleet';
import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// The pre-deploy gate: `consistent` is true only with one group per purpose, nothing stale or
// unreachable. An empty environment (no reports yet) is not consistent: nothing vouches for it.
export const GET = route(
  async (request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { access, fleet } = await getRuntime();
    fleet.requireEnvironment(env);
    // An ingest key reads the verdict of its own environments only: the groups name keyring keys,
    // and a key that can post guessed fingerprints must not learn which guess matched one.
    const ingest = ingestPrincipalFrom(request.headers.get('authorization'), access.ingestKeys);
    if (ingest && !canWriteEnvironment(ingest, env))
      throw new ApiError('forbidden', `This ingest key may not read "${env.slice(0, 64)}".`);
    const purpose = new URL(request.url).searchParams.get('purpose');
    const consistency = await fleet.consistency(env, purpose);
    return json(ingest ? gateVerdict(consistency) : consistency);
  },
);
