import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

// For load balancers and the test harness: no secret, no detail beyond "which store, and is it up".
export const GET = route(async () => {
  const { store } = await getRuntime();
  const up = await store.ping();
  return json(
    { status: up ? 'ok' : 'degraded', store: up ? store.dialect : 'unavailable' },
    { status: up ? 200 : 503 },
  );
});
