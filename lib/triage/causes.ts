/**
 * Triage: the diagnosed cause of one failure, from what is known at ingest — the token's
 * characteristics, the keyring's verdict on a full token, and the fleet state of the failing
 * service at that moment. Every rule is documented in docs/causes.md; when none fits the answer
 * is `unexplained`, never a guess.
 */
export const CAUSES = [
  'missing_token',
  'bearer_in_protocol',
  'not_a_jwt',
  'truncated',
  'malformed',
  'secret_mismatch',
  'exp_in_milliseconds',
  'expired',
  'not_yet_valid',
  'clock_skew',
  'unknown_signer',
  'stale_jwks',
  'unexplained',
] as const;
export type Cause = (typeof CAUSES)[number];

export interface Diagnosis {
  cause: Cause;
  /** One line a human reads: what happened, with the names needed to fix it. */
  detail: string;
}

/** What the failing service resolved when the failure came in (from the fleet view). */
export interface Resolver {
  /** The keyring key its fingerprint matches, or null for a key authscope does not hold. */
  keyId: string | null;
  source: string | null;
  version: string | null;
  /** "backend-websocket" or "backend-websocket/ws-7f9c" when the instance reported itself. */
  who: string;
}

export interface TriageInput {
  occurredAt: number;
  clockSkewSeconds: number;
  service: string | null;
  tokenLength: number | null;
  dotCount: number | null;
  authorizationPresent: boolean | null;
  websocketProtocol: string | null;
  /** Present when the full token came with the failure. */
  token: {
    kind: 'jws' | 'jwe' | 'malformed';
    problems: string[];
    rawExp: number | null;
    iat: number | null;
    nbf: number | null;
  } | null;
  /** The keyring key whose signature verifies the token, if any (only with a full token). */
  signedBy: string | null;
  resolver: Resolver | null;
  /** Public-key fleets: the token's kid against the issuer's JWKS and the failing service's trust set. */
  trust?: TrustVerdict | null;
}

export interface TrustVerdict {
  kid: string;
  /** The issuer's JWKS (as authscope read it, or as the issuer reported its signing key) has the kid. */
  published: boolean;
  /** The failing service's reported JWKS cache has it (with the same thumbprint). */
  trusted: boolean;
  cacheAgeSeconds: number;
  refreshesAt: string;
  who: string;
}

// The shortest compact JWS a real issuer produces: a 20-char header, a tiny payload, and an
// HS256 signature of 43 chars.
const MIN_JWS_LENGTH = 70;
// iat/nbf this far ahead is a clock out of step; further, a token not meant to be valid yet.
const CLOCK_SKEW_WINDOW_SECONDS = 300;

type Rule = (input: TriageInput) => Diagnosis | null;

const RULES: Rule[] = [
  function missingToken(input) {
    const noToken = !input.token && (input.tokenLength === null || input.tokenLength === 0);
    const noHeader = input.authorizationPresent !== true && !hasToken(input.websocketProtocol);
    return noToken && noHeader
      ? {
          cause: 'missing_token',
          detail:
            'no token came with the request: no Authorization header and no token in Sec-WebSocket-Protocol',
        }
      : null;
  },
  function bearerInProtocol(input) {
    return input.websocketProtocol && /\bbearer\s+\S/i.test(input.websocketProtocol)
      ? {
          cause: 'bearer_in_protocol',
          detail:
            'Sec-WebSocket-Protocol carries "Bearer <token>": a subprotocol cannot hold a space, so servers reject or mangle it — send the bare token',
        }
      : null;
  },
  function notAJwt(input) {
    return input.dotCount === 0 && (input.tokenLength ?? 0) > 0
      ? {
          cause: 'not_a_jwt',
          detail: `the token has no dots (${input.tokenLength} chars): an opaque token sent where a JWT is expected`,
        }
      : null;
  },
  function truncated(input) {
    if (input.dotCount === null || input.tokenLength === null || input.tokenLength === 0)
      return null;
    if (input.dotCount !== 2 && input.dotCount !== 4)
      return {
        cause: 'truncated',
        detail: `the token has ${input.dotCount} dot(s), not 2: it was cut or joined on the way`,
      };
    if (input.dotCount === 2 && input.tokenLength < MIN_JWS_LENGTH)
      return {
        cause: 'truncated',
        detail: `the token is ${input.tokenLength} chars long: too short to be a complete signed JWT`,
      };
    return null;
  },
  function malformed(input) {
    return input.token?.kind === 'malformed'
      ? {
          cause: 'malformed',
          detail: `the token does not decode: ${input.token.problems[0] ?? 'malformed'}`,
        }
      : null;
  },
  function staleJwks(input) {
    const trust = input.trust;
    return trust && trust.published && !trust.trusted
      ? {
          cause: 'stale_jwks',
          detail: `the token's kid ${trust.kid} is published by the issuer, but ${trust.who}'s JWKS cache lacks it (fetched ${trust.cacheAgeSeconds} s ago, refreshes at ${trust.refreshesAt})`,
        }
      : null;
  },
  function secretMismatch(input) {
    if (!input.signedBy || !input.resolver || input.resolver.keyId === input.signedBy) return null;
    const resolved = input.resolver.keyId ?? 'a key authscope does not hold';
    const via = input.resolver.source
      ? ` from ${input.resolver.source}${input.resolver.version ? ` v${input.resolver.version}` : ''}`
      : '';
    return {
      cause: 'secret_mismatch',
      detail: `tokens signed by ${input.signedBy}, ${input.resolver.who} resolves ${resolved}${via}`,
    };
  },
  function expInMilliseconds(input) {
    return input.token?.rawExp !== null &&
      input.token?.rawExp !== undefined &&
      input.token.rawExp >= 1e12
      ? {
          cause: 'exp_in_milliseconds',
          detail: `exp is ${input.token.rawExp}, a 13-digit value: the issuer wrote milliseconds where seconds belong`,
        }
      : null;
  },
  function expired(input) {
    const exp = input.token?.rawExp;
    if (exp === null || exp === undefined) return null;
    const behind = input.occurredAt / 1000 - exp;
    return behind > input.clockSkewSeconds
      ? { cause: 'expired', detail: `the token expired ${Math.round(behind)} s before the request` }
      : null;
  },
  function notYetValidOrSkew(input) {
    const now = input.occurredAt / 1000;
    const nbfAhead =
      input.token?.nbf !== null && input.token?.nbf !== undefined
        ? input.token.nbf - now
        : -Infinity;
    const iatAhead =
      input.token?.iat !== null && input.token?.iat !== undefined
        ? input.token.iat - now
        : -Infinity;
    const ahead = Math.max(nbfAhead, iatAhead);
    if (ahead <= input.clockSkewSeconds) return null;
    if (ahead <= CLOCK_SKEW_WINDOW_SECONDS) {
      return {
        cause: 'clock_skew',
        detail: `the token's ${iatAhead >= nbfAhead ? 'iat' : 'nbf'} is ${Math.round(ahead)} s ahead of the receiver's clock: the issuer's and receiver's clocks disagree`,
      };
    }
    return {
      cause: 'not_yet_valid',
      detail: `the token is not valid until ${Math.round(nbfAhead > 0 ? nbfAhead : ahead)} s after the request`,
    };
  },
  function unknownSigner(input) {
    return input.token?.kind === 'jws' && !input.signedBy
      ? { cause: 'unknown_signer', detail: "no configured key verifies the token's signature" }
      : null;
  },
];

export function diagnose(input: TriageInput): Diagnosis {
  for (const rule of RULES) {
    const diagnosis = rule(input);
    if (diagnosis) return diagnosis;
  }
  return { cause: 'unexplained', detail: 'nothing known about this failure explains it' };
}

function hasToken(protocol: string | null): boolean {
  return !!protocol && protocol.split(',').some((part) => part.trim().length > 20);
}
