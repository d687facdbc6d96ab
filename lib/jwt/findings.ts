import type { Stripped } from './normalize';
import type { ParsedToken } from './parse';
import type { Timing } from './timing';
import type { VerificationRow } from './verify';
import { RULES } from './findingRules';

export const FINDING_CODES = [
  'malformed',
  'jwe',
  'bearer_prefix',
  'whitespace',
  'alg_none',
  'alg_mismatch',
  'expired',
  'not_yet_valid',
  'issued_in_future',
  'missing_exp',
  'long_lifetime',
  'kid_unknown',
  'kid_suspicious',
  'header_jku',
  'header_x5u',
  'header_jwk',
  'crit_unsupported',
  'key_confusion',
  'encoding_noncanonical',
  'duplicate_member',
  'exp_in_milliseconds',
  'weak_secret',
  'no_key_verifies',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
}

/** Everything the rules look at; gathered by the inspector, so the rules stay pure. */
export interface FindingInput {
  stripped: readonly Stripped[];
  parsed: ParsedToken;
  timing: Timing | null;
  verification: readonly VerificationRow[];
  /** kids the keyring holds, to tell an unknown kid. */
  knownKids: ReadonlySet<string>;
  keyringSize: number;
  maxLifetimeSeconds: number;
  weakSigner: string | null;
  keyConfusionWith: string | null;
  embeddedJwkSigned: boolean;
}

/** Applies every rule; the order of the result follows FINDING_CODES' order of the rules. */
export function collectFindings(input: FindingInput): Finding[] {
  return RULES.flatMap((rule) => rule(input) ?? []);
}
