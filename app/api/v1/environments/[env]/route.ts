import { environmentView } from '@/lib/fleet';
import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async (_request: Request, context: { params: Promise<{ env: string }> }) => {
  const { env } = await context.params;
  const { config, store, fleetOptions } = await getRuntime();
  if (!config.environments.includes(env)) throw new ApiError('not_found', `No environment "${env.slice(0, 64)}" (configured: ${config.environments.join(', ')}).`);
  return json(environmentView(env, await store.fingerprints.instances(env), fleetOptions()));
});
