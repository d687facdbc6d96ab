import { z } from 'zod';
import { changeView } from '@/lib/fleet';
import { searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

const HistoryQuery = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .transform((value) => Date.parse(value))
    .optional(),
  until: z.iso
    .datetime({ offset: true })
    .transform((value) => Date.parse(value))
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Fingerprint changes (first sightings, rotations, restarts onto another version), newest first. */
export const GET = route(
  async (request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { fleet, store } = await getRuntime();
    fleet.requireEnvironment(env);
    const query = validate(HistoryQuery, searchParamsObject(new URL(request.url).searchParams));
    const events = await store.fingerprints.history(env, query);
    const keys = fleet.keys();
    return json({ items: events.map((event) => changeView(event, keys)), next_cursor: null });
  },
);
