import { consistencyOf, environmentView } from '@/lib/fleet';
import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// The pre-deploy gate: `consistent` is true only with one group per purpose, nothing stale or
// unreachable. An empty environment (no reports yet) is not consistent: nothing vouches for it.
export const GET = route(async (request: Request, context: { params: Promise<{ env: string }> }) => {
  const { env } = await context.params;
  const { config, store, fleetOptions } = await getRuntime();
  if (!config.environments.includes(env)) throw new ApiError('not_found', `No environment "${env.slice(0, 64)}" (configured: ${config.environments.join(', ')}).`);
  const purpose = new URL(request.url).searchParams.get('purpose');
  const view = environmentView(env, await store.fingerprints.instances(env), fleetOptions());
  const purposes = purpose ? view.purposes.filter((fleet) => fleet.purpose === purpose) : view.purposes;
  return json(consistencyOf(env, purposes));
});
