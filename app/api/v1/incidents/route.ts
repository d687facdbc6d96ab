import { searchParamsObject } from '@/lib/failures';
import { json, route, validate } from '@/lib/http';
import { IncidentQuery, loadIncident } from '@/lib/incidents';
import { getRuntime } from '@/lib/runtime';

/** The facts of an incident window: causes, first/last failure, who was affected, what changed. */
export const GET = route(async (request: Request) => {
  const { fleet, store } = await getRuntime();
  const query = validate(IncidentQuery, searchParamsObject(new URL(request.url).searchParams));
  fleet.requireEnvironment(query.environment);
  return json(await loadIncident(store, fleet.keys(), query));
});
