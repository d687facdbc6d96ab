import type { KeyView } from '../keys';
import type { TrustState } from './types';
import { freshTrust, publishedKeys, publishedSets, type PublishedKey } from './published';

export interface FleetTrust {
  /** Fresh reports only (within the fleet's staleness threshold). */
  state: TrustState;
  /** Every key an environment's issuers publish: keyring `jwks:` sources (read at the call, after
   * any re-fetch for an unknown kid) and issuer reports. */
  published(environment: string): PublishedKey[];
}

/** The fleet's trust state right now, as ingest, the inspector and the trust view read it. */
export async function loadFleetTrust(source: {
  /** The instances' latest trust reports (the runtime's cache: `runtime.trustReports`). */
  reports: () => Promise<TrustState>;
  keyViews: () => readonly KeyView[];
  now: number;
  staleAfterMs: number;
}): Promise<FleetTrust> {
  const state = freshTrust(await source.reports(), source.now, source.staleAfterMs);
  return {
    state,
    published: (environment) =>
      publishedKeys(
        publishedSets(source.keyViews(), environment),
        state.issuers.filter((row) => row.environment === environment),
      ),
  };
}
