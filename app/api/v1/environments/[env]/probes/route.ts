import { json, route } from '@/lib/http';
import { loadProbesView } from '@/lib/probes';
import { getRuntime } from '@/lib/runtime';

/** One environment's probes: each target × way with its latest result, since when, and history. */
export const GET = route(
  async (_request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { config, fleet, store } = await getRuntime();
    fleet.requireEnvironment(env);
    const [view] = await loadProbesView(store.probes, [env], config.probes);
    return json(view);
  },
);
