import { searchParamsObject } from '@/lib/failures';
import { ApiError, json, route, validate } from '@/lib/http';
import { IncidentQuery, loadIncident } from '@/lib/incidents';
import { getRuntime } from '@/lib/runtime';

/** The facts of an incident window: causes, first/last failure, who was affected, what changed. */
export const GET = route(async (request: Request) => {
  const { config, store, fleetOptions } = await getRuntime();
  const query = validate(IncidentQuery, searchParamsObject(new URL(request.url).searchParams));
  if (!config.environments.includes(query.environment)) throw new ApiError('not_found', `No environment "${query.environment.slice(0, 64)}".`);
  return json(await loadIncident(store, fleetOptions().keys, query));
});
