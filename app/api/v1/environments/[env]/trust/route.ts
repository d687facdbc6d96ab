import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';
import { loadFleetTrust, publishedSets, trustView } from '@/lib/trust';

/** Public-key fleets: what each issuer publishes vs what each verifier's JWKS cache holds. */
export const GET = route(
  async (_request: Request, context: { params: Promise<{ env: string }> }) => {
    const { env } = await context.params;
    const { fleet, store, keyring, fleetOptions } = await getRuntime();
    const environment = fleet.requireEnvironment(env);
    // Re-fetches the keyring's JWK Sets past their TTL only: a viewer cannot make it fetch more.
    await keyring.refreshRemote();
    const now = Date.now();
    const trust = await loadFleetTrust({
      reports: () => store.trust.state(environment),
      keyViews: () => keyring.views(),
      now,
      staleAfterMs: fleetOptions().staleAfterMs,
    });
    return json(
      trustView(environment, trust.state, publishedSets(keyring.views(), environment), now),
    );
  },
);
