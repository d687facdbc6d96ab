import { json, route } from '@/lib/http';
import { environmentRotations } from '@/lib/rotations';
import { getRuntime } from '@/lib/runtime';

// Enough history for months of rotations; older changes are past any rotation worth showing.
const HISTORY_LIMIT = 10_000;

/** Key rotations of one environment (current and past), newest first. */
export const GET = route(
  async (_request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { fleet, store } = await getRuntime();
    fleet.requireEnvironment(env);
    const [events, instances] = await Promise.all([
      store.fingerprints.history(env, { limit: HISTORY_LIMIT }),
      store.fingerprints.instances(env),
    ]);
    const items = environmentRotations([...events].reverse(), instances, fleet.keys(), Date.now());
    return json({
      items,
      current: items.filter(
        (rotation) => rotation.status === 'in_progress' || rotation.status === 'two_keys',
      ),
    });
  },
);
