export { IssuerKeyReport, VerifierTrustReport } from './report';
export {
  trustConsistency,
  type Issuer,
  type Member,
  type TrustConsistency,
  type TrustMismatch,
  type Verifier,
} from './consistency';
export { trustVerdict } from './verdict';
export { trustFinder, type TrustFinder } from './finder';
export { loadFleetTrust, type FleetTrust } from './load';
export { publishedSets, type PublishedKey, type PublishedSet } from './published';
export { trustView, type TrustView } from './view';
export { trustAcceptance, withTrustVerdicts } from './acceptance';
