import type { TrustVerdict } from '../triage';
import type { TrustState } from './types';
import type { PublishedKey } from './published';
import { trustVerdict } from './verdict';

/** What triage asks at ingest: the token's kid against the failing service's JWKS cache. */
export type TrustFinder = (
  environment: string,
  service: string | null,
  instance: string | null,
  kid: string | null,
  occurredAt: number,
) => TrustVerdict | null;

/**
 * The failing service's trust verdict: its own instance when it reported a trust set, else the
 * service when every instance lacks the kid (one that holds it may not be the one that failed).
 */
export function trustFinder(
  state: TrustState,
  published: (environment: string) => PublishedKey[],
): TrustFinder {
  return (environment, service, instance, kid, occurredAt) => {
    if (!service || !kid) return null;
    const own = state.verifiers.filter(
      (row) => row.environment === environment && row.service === service,
    );
    const exact = own.filter((row) => row.instance === instance);
    const rows = exact.length > 0 ? exact : own;
    if (rows.length === 0) return null;
    const keys = published(environment);
    const verdicts = rows.map((row) =>
      trustVerdict(
        kid,
        keys,
        row.trust,
        exact.length > 0 ? `${service}/${row.instance}` : service,
        occurredAt,
      )!,
    );
    return (
      verdicts.find((verdict) => verdict.trusted) ??
      verdicts.reduce((oldest, verdict) =>
        verdict.cacheAgeSeconds > oldest.cacheAgeSeconds ? verdict : oldest,
      )
    );
  };
}
