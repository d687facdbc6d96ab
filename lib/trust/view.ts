import type { StoredVerifier, TrustState } from './types';
import { trustConsistency, type TrustConsistency } from './consistency';
import { publishedKeys, type PublishedKey, type PublishedSet } from './published';

export interface VerifierHolding {
  service: string;
  instance: string;
  jwks_url: string;
  fetched_at: string;
  max_age_seconds: number;
  cache_age_seconds: number;
  refreshes_at: string;
  keys: PublishedKey[];
  /** Published kids (JWKS or issuer reports) this verifier's cache does not hold. */
  missing_published: string[];
}

export interface PurposeTrust extends TrustConsistency {
  purpose: string;
  issuers: Array<{
    service: string;
    instance: string;
    kid: string;
    thumbprint: string;
    jwks_url: string;
    reported_at: string;
  }>;
  verifiers: VerifierHolding[];
}

/** GET /api/v1/environments/{env}/trust: published vs held, and the consistency per purpose. */
export interface TrustView {
  environment: string;
  /** consistent only when every purpose with both sides is; not_comparable without any. */
  status: TrustConsistency['status'];
  published: PublishedSet[];
  purposes: PurposeTrust[];
}

/** The trust view of one environment, from its fresh reports and the keyring's `jwks:` sources. */
export function trustView(
  environment: string,
  state: TrustState,
  published: PublishedSet[],
  now: number,
): TrustView {
  const purposes = [
    ...new Set([...state.issuers, ...state.verifiers].map((row) => row.purpose)),
  ].sort();
  const views = purposes.map((purpose): PurposeTrust => {
    const issuers = state.issuers.filter((row) => row.purpose === purpose);
    const verifiers = state.verifiers.filter((row) => row.purpose === purpose);
    const keys = publishedKeys(published, issuers);
    return {
      purpose,
      ...trustConsistency(issuers, verifiers, now),
      issuers: issuers.map((row) => ({
        service: row.service,
        instance: row.instance,
        ...row.signing,
        reported_at: row.reported_at,
      })),
      verifiers: verifiers.map((row) => holding(row, keys, now)),
    };
  });
  const statuses = views.map((view) => view.status);
  return {
    environment,
    status: statuses.includes('mismatch')
      ? 'mismatch'
      : statuses.includes('consistent')
        ? 'consistent'
        : 'not_comparable',
    published,
    purposes: views,
  };
}

function holding(row: StoredVerifier, published: PublishedKey[], now: number): VerifierHolding {
  const fetchedAt = Date.parse(row.trust.fetched_at);
  const held = (key: PublishedKey) =>
    row.trust.keys.some((own) => own.kid === key.kid && own.thumbprint === key.thumbprint);
  return {
    service: row.service,
    instance: row.instance,
    jwks_url: row.trust.jwks_url,
    fetched_at: row.trust.fetched_at,
    max_age_seconds: row.trust.max_age_seconds,
    cache_age_seconds: Math.max(0, Math.floor((now - fetchedAt) / 1000)),
    refreshes_at: new Date(fetchedAt + row.trust.max_age_seconds * 1000).toISOString(),
    keys: row.trust.keys,
    missing_published: [...new Set(published.filter((key) => !held(key)).map((key) => key.kid))],
  };
}
