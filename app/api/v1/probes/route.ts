import { route, json } from '@/lib/http';
import { loadProbesView } from '@/lib/probes';
import { getRuntime } from '@/lib/runtime';

/** Every environment's probes: each target × way with its latest result, since when, and history. */
export const GET = route(async () => {
  const { config, store } = await getRuntime();
  return json({
    environments: await loadProbesView(store.probes, config.environments, config.probes),
  });
});
