import type { KeyView } from '../keys';
import type { StoredIssuer, TrustState } from './types';

export interface PublishedKey {
  kid: string;
  thumbprint: string;
}

/** One keyring `jwks:` source of an environment: what the issuer publishes, as authscope read it. */
export interface PublishedSet {
  key_id: string;
  /** Origin and path only (the keyring's display form). */
  url: string;
  status: string;
  fetched_at: string | null;
  error: string | null;
  keys: PublishedKey[];
}

const THUMBPRINT = 'jwk-thumbprint:';

/** The environment's `jwks:` keyring sources, each key by kid and thumbprint (never material). */
export function publishedSets(views: readonly KeyView[], environment: string): PublishedSet[] {
  const sets = new Map<string, PublishedSet>();
  for (const view of views) {
    if (view.environment !== environment || !view.jwks) continue;
    const set = sets.get(view.id) ?? {
      key_id: view.id,
      url: view.jwks.url,
      status: view.status,
      fetched_at: view.jwks.fetched_at,
      error: view.error,
      keys: [],
    };
    if (view.kid && view.fingerprint?.startsWith(THUMBPRINT))
      set.keys.push({ kid: view.kid, thumbprint: view.fingerprint.slice(THUMBPRINT.length) });
    sets.set(view.id, set);
  }
  return [...sets.values()];
}

/** Reports newer than the fleet's staleness threshold: a pod gone for good stops counting. */
export function freshTrust(state: TrustState, now: number, staleAfterMs: number): TrustState {
  const fresh = (row: { reported_at: string }) => now - Date.parse(row.reported_at) <= staleAfterMs;
  return { issuers: state.issuers.filter(fresh), verifiers: state.verifiers.filter(fresh) };
}

/**
 * Every key the environment's issuers publish: the keyring's `jwks:` sources, and the signing
 * keys the issuers themselves report (a JWKS authscope cannot reach, or read before a rotation).
 */
export function publishedKeys(
  sets: readonly PublishedSet[],
  issuers: readonly StoredIssuer[],
): PublishedKey[] {
  const all = [
    ...sets.flatMap((set) => set.keys),
    ...issuers.map(({ signing }) => ({ kid: signing.kid, thumbprint: signing.thumbprint })),
  ];
  return all.filter(
    (key, index) =>
      all.findIndex((other) => other.kid === key.kid && other.thumbprint === key.thumbprint) ===
      index,
  );
}
