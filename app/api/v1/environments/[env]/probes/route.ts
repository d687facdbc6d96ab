import { ApiError, json, route } from '@/lib/http';
import { loadProbesView } from '@/lib/probes';
import { getRuntime } from '@/lib/runtime';

/** One environment's probes: each target × way with its latest result, since when, and history. */
export const GET = route(async (_request: Request, context: { params: Promise<{ env: string }> }) => {
  const { env } = await context.params;
  const { config, store } = await getRuntime();
  if (!config.environments.includes(env)) throw new ApiError('not_found', `No environment "${env.slice(0, 64)}" (configured: ${config.environments.join(', ')}).`);
  const [view] = await loadProbesView(store.probes, [env], config.probes);
  return json(view);
});
