import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async () => {
  const { store } = await getRuntime();
  return json({ items: await store.audit.recent(), next_cursor: null });
});
