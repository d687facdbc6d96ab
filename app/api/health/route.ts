import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async () => {
  await getRuntime();
  return json({ status: 'ok', store: 'none' });
});
