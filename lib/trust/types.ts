import type { IssuerKeyReport, VerifierTrustReport } from './report';

// The trust state as the store keeps it and the trust rules read it: a file of types only, so
// the rules do not depend on the store.

export interface Placed {
  environment: string;
  purpose: string;
  service: string;
  instance: string;
  /** When the instance reported it (ISO). */
  reported_at: string;
}
export interface StoredIssuer extends Placed {
  signing: IssuerKeyReport;
}
export interface StoredVerifier extends Placed {
  trust: VerifierTrustReport;
}
export interface TrustState {
  issuers: StoredIssuer[];
  verifiers: StoredVerifier[];
}
