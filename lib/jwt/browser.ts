// The browser-safe half of lib/jwt: decoding, parsing, timing, findings and the algorithm table,
// free of jose and node:crypto, so components can import it. Verification and the attack checks
// (server only) are in lib/jwt/index.ts, which re-exports this file.
export { normalizeToken } from './normalize';
export type { NormalizedToken, Stripped } from './normalize';
export { parseToken } from './parse';
export type {
  ParsedToken,
  ParsedJws,
  ParsedJwe,
  ParsedMalformed,
  TokenPart,
  PartName,
} from './parse';
export { computeTiming } from './timing';
export type { Timing, ClaimTime, TimeClaim } from './timing';
export { collectFindings, FINDING_CODES } from './findings';
export type { Finding, FindingCode, FindingInput, Severity } from './findings';
export {
  algorithmSpec,
  isHmacAlg,
  keyTypeFitsAlg,
  minSecretBytes,
  SUPPORTED_ALGS,
} from './algorithms';
export type { KeyKind, SupportedAlg } from './algorithms';
export { formatDuration, relativeTime } from './humanTime';
export { decodeForDisplay } from './decode';
export type { LocalDecoding } from './decode';
export type { VerificationRow } from './verify';
export { expiredAt, secondsFromNowAt } from './tickingTime';
