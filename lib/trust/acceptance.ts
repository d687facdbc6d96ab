import type { FleetVerdict } from '../inspect/report';
import type { FleetTrust } from './load';
import { trustVerdict } from './verdict';

/**
 * The inspector's fleet verdict for services that report a JWKS trust set, by the stale_jwks rule:
 * a token whose kid the issuer publishes is rejected by every instance whose cache lacks it.
 * Services without a trust set, or a kid nobody publishes, are left to the fingerprint verdict.
 */
export function trustAcceptance(
  kid: string | null,
  environment: string,
  trust: FleetTrust,
  now: number,
): FleetVerdict[] {
  if (!kid) return [];
  const published = trust.published(environment);
  if (!published.some((key) => key.kid === kid)) return [];
  const verifiers = trust.state.verifiers.filter((row) => row.environment === environment);
  const services = [...new Set(verifiers.map((row) => row.service))].sort();
  return services.map((service): FleetVerdict => {
    const verdicts = verifiers
      .filter((row) => row.service === service)
      .map((row) => trustVerdict(kid, published, row.trust, row.instance, now)!);
    const stale = verdicts.filter((verdict) => !verdict.trusted);
    if (stale.length === 0)
      return { service, accepts: true, reason: `its JWKS cache holds kid ${kid}` };
    const detail = stale
      .map(
        (verdict) =>
          `${verdict.who}'s JWKS cache lacks kid ${kid} (fetched ${verdict.cacheAgeSeconds} s ago, refreshes at ${verdict.refreshesAt})`,
      )
      .join('; ');
    const partial =
      stale.length < verdicts.length
        ? `${stale.length} of ${verdicts.length} instances reject: `
        : '';
    return { service, accepts: false, reason: `stale_jwks: ${partial}${detail}` };
  });
}

/** The fingerprint verdicts with each trust-set verdict in place of its service's. */
export function withTrustVerdicts(
  services: readonly FleetVerdict[],
  trusted: readonly FleetVerdict[],
): FleetVerdict[] {
  const byService = new Map(services.map((verdict) => [verdict.service, verdict]));
  for (const verdict of trusted) byService.set(verdict.service, verdict);
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}
