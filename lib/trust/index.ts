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
