import { json, readJson, route, validate } from '@/lib/http';
import { INSPECT_BODY_LIMIT, InspectRequest, inspectToken } from '@/lib/inspect';
import { getRuntime } from '@/lib/runtime';
import { loadFleetTrust } from '@/lib/trust';

// The pasted token is used for this one answer: never stored, logged or cached (README, Security).
export const POST = route(async (request: Request) => {
  const input = validate(InspectRequest, await readJson(request, { limit: INSPECT_BODY_LIMIT }));
  const { keyring, config, fleet, trustReports, fleetOptions } = await getRuntime();
  const trust = await loadFleetTrust({
    reports: trustReports,
    keyViews: () => keyring.views(),
    now: Date.now(),
    staleAfterMs: fleetOptions().staleAfterMs,
  });
  const report = await inspectToken(input.token, {
    keyring,
    now: new Date(),
    clockSkewSeconds: config.clockSkewSeconds,
    maxLifetimeSeconds: config.maxLifetimeSeconds,
    environment: input.environment,
    fleet: { instances: await fleet.instances(), keys: fleet.keys(), trust },
  });
  return json(report);
});
