import { canWriteEnvironment, ingestPrincipalFrom } from '@/lib/access';
import { consistencyOf, environmentView, gateVerdict } from '@/lib/fleet';
import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// The pre-deploy gate: `consistent` is true only with one group per purpose, nothing stale or
// unreachable. An empty environment (no reports yet) is not consistent: nothing vouches for it.
export const GET = route(async (request: Request, context: { params: Promise<{ env: string }> }) => {
  const { env } = await context.params;
  const { access, config, store, fleetOptions } = await getRuntime();
  if (!config.environments.includes(env)) throw new ApiError('not_found', `No environment "${env.slice(0, 64)}" (configured: ${config.environments.join(', ')}).`);
  // An ingest key reads the verdict of its own environments only: the groups name keyring keys,
  // and a key that can post guessed fingerprints must not learn which guess matched one.
  const ingest = ingestPrincipalFrom(request.headers.get('authorization'), access.ingestKeys);
  if (ingest && !canWriteEnvironment(ingest, env)) throw new ApiError('forbidden', `This ingest key may not read "${env.slice(0, 64)}".`);
  const purpose = new URL(request.url).searchParams.get('purpose');
  const view = environmentView(env, await store.fingerprints.instances(env), fleetOptions());
  const purposes = purpose ? view.purposes.filter((fleet) => fleet.purpose === purpose) : view.purposes;
  const consistency = consistencyOf(env, purposes);
  return json(ingest ? gateVerdict(consistency) : consistency);
});
