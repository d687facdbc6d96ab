import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(
  async (_request: Request, context: { params: Promise<{ id: string }> }) => {
    const { id } = await context.params;
    const { store } = await getRuntime();
    const failure = await store.failures.get(id);
    // Only a numeric id is echoed back: anything else may be a token pasted into the URL.
    if (!failure)
      throw new ApiError(
        'not_found',
        /^\d{1,20}$/.test(id)
          ? `No stored failure has id "${id}".`
          : 'No stored failure has that id.',
      );
    return json(failure);
  },
);
