import type { TrustVerdict } from '../triage';
import type { VerifierTrustReport } from './report';

/**
 * The stale_jwks input for one failure: whether the issuer publishes the token's kid and whether
 * the failing service's JWKS cache holds it with the same thumbprint. Null without a kid.
 */
export function trustVerdict(
  kid: string | null,
  published: readonly { kid: string; thumbprint: string }[],
  trust: VerifierTrustReport,
  who: string,
  now: number,
): TrustVerdict | null {
  if (!kid) return null;
  const issued = published.find((key) => key.kid === kid);
  const fetchedAt = Date.parse(trust.fetched_at);
  return {
    kid,
    published: !!issued,
    trusted:
      !!issued && trust.keys.some((key) => key.kid === kid && key.thumbprint === issued.thumbprint),
    cacheAgeSeconds: Math.max(0, Math.floor((now - fetchedAt) / 1000)),
    refreshesAt: new Date(fetchedAt + trust.max_age_seconds * 1000).toISOString(),
    who,
  };
}
