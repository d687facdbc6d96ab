import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async () => {
  const { fleet } = await getRuntime();
  return json({ generated_at: new Date().toISOString(), environments: await fleet.overview() });
});
