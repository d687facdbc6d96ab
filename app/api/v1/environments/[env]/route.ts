import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(
  async (_request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { fleet } = await getRuntime();
    return json(await fleet.environment(env));
  },
);
