import { buildFleet } from '@/lib/fleet';
import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async () => {
  const { config, store, fleetOptions } = await getRuntime();
  const instances = await store.fingerprints.instances();
  return json({ generated_at: new Date().toISOString(), environments: buildFleet(config.environments, instances, fleetOptions()) });
});
