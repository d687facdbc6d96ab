import { formatDuration as duration, relativeTime } from './humanTime';
import type { Finding, FindingCode, FindingInput, Severity } from './findings';
import type { Timing } from './timing';

/** Header parameters authscope understands when listed in `crit` (RFC 7515 §4.1.11). */
const UNDERSTOOD_CRIT = new Set(['b64']);
// Path traversal, quotes, SQL and shell metacharacters, control characters.
const SUSPICIOUS_KID =
  /\.\.|[/\\'"`;|&$<>(){}*\u0000-\u001f\u007f]|--|\b(?:union|select|drop|or\s+1=1)\b/i;

type Rule = (input: FindingInput) => Finding | Finding[] | null;

const finding = (code: FindingCode, severity: Severity, message: string): Finding => ({
  code,
  severity,
  message,
});

/** The rules, in FINDING_CODES' order; each looks at the gathered input and nothing else. */
export const RULES: Rule[] = [
  ({ parsed }) =>
    parsed.kind === 'malformed'
      ? finding('malformed', 'error', `The token is malformed: ${parsed.problems.join('; ')}.`)
      : null,
  ({ parsed }) =>
    parsed.kind === 'jwe'
      ? finding(
          'jwe',
          'info',
          'This is an encrypted token (JWE): only its protected header can be read; no signature to verify.',
        )
      : null,
  ({ stripped }) =>
    stripped.includes('bearer_prefix')
      ? finding(
          'bearer_prefix',
          'info',
          'The pasted text started with "Bearer ": the token itself must be sent without it where a bare token is expected (e.g. Sec-WebSocket-Protocol).',
        )
      : null,
  ({ stripped }) =>
    stripped.includes('whitespace')
      ? finding(
          'whitespace',
          'warning',
          'The pasted text contained whitespace or line breaks; a verifier that does not strip them rejects the token.',
        )
      : null,
  ({ parsed }) => {
    const alg = parsed.header?.alg;
    const emptySignature = parsed.kind !== 'jwe' && parsed.parts[2]?.problem === 'empty signature';
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      return finding(
        'alg_none',
        'error',
        `The header says "alg": "${alg}": an unsigned token that no verifier may accept.`,
      );
    }
    return emptySignature
      ? finding('alg_none', 'error', 'The signature is empty: the token is effectively unsigned.')
      : null;
  },
  ({ verification }) => {
    // Once a key verifies the token, other keys pinned to other algorithms are not a finding.
    const pinned = verification.filter((row) => row.reason === 'alg_mismatch');
    if (pinned.length === 0 || verification.some((row) => row.verified)) return null;
    const names = pinned
      .slice(0, 5)
      .map((row) => `${row.key_id} (${row.alg})`)
      .join(', ');
    return finding(
      'alg_mismatch',
      'warning',
      `The token's alg differs from the algorithm pinned on ${pinned.length} key(s): ${names}.`,
    );
  },
  ({ timing }) =>
    timing?.expired
      ? finding(
          'expired',
          'error',
          `The token expired ${relativeTime(secondsOf(timing, 'exp'))} (exp ${isoOf(timing, 'exp')}).`,
        )
      : null,
  ({ timing }) =>
    timing?.not_yet_valid
      ? finding(
          'not_yet_valid',
          'error',
          `The token is not valid before ${isoOf(timing, 'nbf')} (nbf, in ${duration(secondsOf(timing, 'nbf'))}).`,
        )
      : null,
  ({ timing }) =>
    timing?.issued_in_future
      ? finding(
          'issued_in_future',
          'warning',
          `iat is ${duration(secondsOf(timing, 'iat'))} in the future: the issuer's clock is ahead.`,
        )
      : null,
  ({ parsed }) =>
    parsed.kind === 'jws' && parsed.claims && !('exp' in parsed.claims)
      ? finding('missing_exp', 'warning', 'No exp claim: the token never expires.')
      : null,
  ({ timing, maxLifetimeSeconds }) =>
    timing?.lifetime_seconds != null && timing.lifetime_seconds > maxLifetimeSeconds
      ? finding(
          'long_lifetime',
          'warning',
          `Lifetime (exp − iat) is ${duration(timing.lifetime_seconds)}, above the policy of ${duration(maxLifetimeSeconds)}.`,
        )
      : null,
  ({ parsed, knownKids, keyringSize }) => {
    const kid = parsed.header?.kid;
    if (typeof kid !== 'string' || keyringSize === 0 || knownKids.has(kid)) return null;
    return finding('kid_unknown', 'warning', `No configured key has kid ${JSON.stringify(kid)}.`);
  },
  ({ parsed }) => {
    const kid = parsed.header?.kid;
    if (kid === undefined) return null;
    if (typeof kid !== 'string') return finding('kid_suspicious', 'error', 'kid is not a string.');
    return SUSPICIOUS_KID.test(kid)
      ? finding(
          'kid_suspicious',
          'error',
          'kid contains path traversal, quotes, SQL or shell metacharacters or control characters: a key lookup injection attempt.',
        )
      : null;
  },
  ({ parsed }) =>
    'jku' in (parsed.header ?? {})
      ? finding(
          'header_jku',
          'warning',
          'The header names a key URL (jku). authscope never fetches it; a verifier that does lets the sender choose the key.',
        )
      : null,
  ({ parsed }) =>
    'x5u' in (parsed.header ?? {})
      ? finding(
          'header_x5u',
          'warning',
          'The header names a certificate URL (x5u). authscope never fetches it; a verifier that does lets the sender choose the key.',
        )
      : null,
  ({ parsed, embeddedJwkSigned }) => {
    if (!('jwk' in (parsed.header ?? {}))) return null;
    return embeddedJwkSigned
      ? finding(
          'header_jwk',
          'error',
          'The header embeds a key (jwk) that verifies the token: it signed itself. Never trust an embedded key.',
        )
      : finding(
          'header_jwk',
          'warning',
          'The header embeds a key (jwk); a verifier must not use it.',
        );
  },
  ({ parsed }) => {
    const crit = parsed.header?.crit;
    if (crit === undefined) return null;
    const names = Array.isArray(crit) ? crit : [crit];
    const unsupported = names.filter(
      (name) => typeof name !== 'string' || !UNDERSTOOD_CRIT.has(name),
    );
    return unsupported.length > 0
      ? finding(
          'crit_unsupported',
          'error',
          `crit lists ${unsupported.map((name) => JSON.stringify(name)).join(', ')}: a compliant verifier must reject the token.`,
        )
      : null;
  },
  ({ keyConfusionWith }) =>
    keyConfusionWith
      ? finding(
          'key_confusion',
          'error',
          `Forged: this HMAC token verifies with the text of the public key "${keyConfusionWith}" used as an HMAC secret (algorithm confusion).`,
        )
      : null,
  ({ parsed }) => {
    const parts = parsed.parts.filter((part) => part.valid && part.encoding.length > 0);
    if (parts.length === 0) return null;
    const detail = parts
      .map((part) => `${part.name} (${part.encoding.join(', ').replace(/_/g, ' ')})`)
      .join('; ');
    return finding(
      'encoding_noncanonical',
      'warning',
      `Not canonical base64url: ${detail}. Lenient libraries accept it, strict ones reject it.`,
    );
  },
  ({ parsed }) => {
    const names = [
      ...parsed.duplicates.header.map((name) => `header.${name}`),
      ...parsed.duplicates.claims.map((name) => `claims.${name}`),
    ];
    return names.length > 0
      ? finding(
          'duplicate_member',
          'warning',
          `Duplicate member(s) ${names.join(', ')}: parsers disagree on which value wins.`,
        )
      : null;
  },
  ({ timing }) => {
    const inMs = timing?.claims.filter((time) => time.milliseconds) ?? [];
    return inMs.length > 0
      ? finding(
          'exp_in_milliseconds',
          'error',
          `${inMs.map((time) => time.claim).join(', ')} look like milliseconds (13 digits), not seconds: the token is treated as valid for millennia.`,
        )
      : null;
  },
  ({ weakSigner }) =>
    weakSigner
      ? finding(
          'weak_secret',
          'error',
          `The token verifies with ${weakSigner}: anyone can forge it. Rotate this secret.`,
        )
      : null,
  ({ parsed, verification, keyringSize, weakSigner }) => {
    if (parsed.kind !== 'jws' || verification.some((row) => row.verified)) return null;
    const why =
      keyringSize === 0
        ? 'the keyring is empty'
        : verification.length === 0
          ? `no configured key fits alg ${JSON.stringify(parsed.header.alg ?? null)}`
          : `${verification.length} key(s) tried`;
    return finding(
      'no_key_verifies',
      weakSigner ? 'error' : 'warning',
      `No configured key verifies this token (${why}).`,
    );
  },
];

function secondsOf(timing: Timing, claim: 'exp' | 'nbf' | 'iat'): number {
  return timing.claims.find((time) => time.claim === claim)?.seconds_from_now ?? 0;
}

function isoOf(timing: Timing, claim: 'exp' | 'nbf' | 'iat'): string {
  return timing.claims.find((time) => time.claim === claim)?.iso ?? '?';
}
