import type { IssuerKeyReport, VerifierTrustReport } from './report';

export interface Member {
  service: string;
  instance: string;
}
export interface Issuer extends Member {
  signing: IssuerKeyReport;
}
export interface Verifier extends Member {
  trust: VerifierTrustReport;
}

export interface TrustMismatch {
  verifier: Member;
  issuer: Member;
  /** The issuer's current kid the verifier does not trust. */
  missing_kid: string;
  /** missing_kid: the kid is not in its cache; thumbprint_differs: it is, for another key. */
  reason: 'missing_kid' | 'thumbprint_differs';
  cache_age_seconds: number;
  /** When its cache lifetime ends and it fetches the JWKS again. */
  refreshes_at: string;
}

export interface TrustConsistency {
  /** consistent: every verifier trusts every issuer's current key; not_comparable: one side is missing. */
  status: 'consistent' | 'mismatch' | 'not_comparable';
  mismatches: TrustMismatch[];
}

/** Whether every verifier of one environment and purpose trusts every issuer's current signing key. */
export function trustConsistency(
  issuers: readonly Issuer[],
  verifiers: readonly Verifier[],
  now: number,
): TrustConsistency {
  if (issuers.length === 0 || verifiers.length === 0)
    return { status: 'not_comparable', mismatches: [] };
  const mismatches: TrustMismatch[] = [];
  for (const verifier of verifiers) {
    const fetchedAt = Date.parse(verifier.trust.fetched_at);
    for (const issuer of issuers) {
      const { kid, thumbprint } = issuer.signing;
      const held = verifier.trust.keys.find((key) => key.kid === kid);
      if (held?.thumbprint === thumbprint) continue;
      mismatches.push({
        verifier: { service: verifier.service, instance: verifier.instance },
        issuer: { service: issuer.service, instance: issuer.instance },
        missing_kid: kid,
        reason: held ? 'thumbprint_differs' : 'missing_kid',
        cache_age_seconds: Math.max(0, Math.floor((now - fetchedAt) / 1000)),
        refreshes_at: new Date(fetchedAt + verifier.trust.max_age_seconds * 1000).toISOString(),
      });
    }
  }
  return { status: mismatches.length === 0 ? 'consistent' : 'mismatch', mismatches };
}
