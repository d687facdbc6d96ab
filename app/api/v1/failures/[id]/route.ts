import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  const { store } = await getRuntime();
  const failure = await store.failures.get(id);
  if (!failure) throw new ApiError('not_found', `No stored failure has id "${id.slice(0, 40)}".`);
  return json(failure);
});
