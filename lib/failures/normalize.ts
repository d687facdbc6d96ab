import type { ParsedJws } from '../jwt';
import { diagnose, type Cause, type Resolver } from '../triage';
import type { TrustFinder } from '../trust/finder';
import { payloadOf, type FailureEvent } from './payload';
import { redactCredentials } from './redact';
import { tokenFacts, type TokenFacts } from './tokenFacts';
import type { FailureFields } from './types';

/** One failure as stored: the normalized columns (times in ms) and the redacted raw JSON. */
export interface NormalizedFailure extends FailureFields {
  event_id: string | null;
  occurred_at: number;
  received_at: number;
  token_exp: number | null;
  token_claims: TokenFacts['claims'] | null;
  /** Triage (lib/triage): the diagnosed cause and its one-line explanation. */
  cause: Cause;
  cause_detail: string;
  raw: unknown;
}

export interface NormalizeOptions {
  receivedAt: number;
  /** Keys the redaction markers (the fingerprint key): an unkeyed digest of a password reverses. */
  redactionKey: Uint8Array;
  /** The keyring key id that verifies this token's signature, if any. */
  signerOf: (jws: ParsedJws, environment: string) => Promise<string | null>;
  /** What the failing service resolved, from the fleet's current state. */
  resolverOf?: (
    environment: string,
    service: string | null,
    instance: string | null,
  ) => Resolver | null;
  clockSkewSeconds?: number;
  /** Public-key fleets: the token's kid against the failing service's JWKS cache (lib/trust). */
  trustOf?: TrustFinder;
}

// Services write placeholders rather than leaving a header out.
const ABSENT = /^\s*(\[?missing\]?|none|null|absent|-)?\s*$/i;

/**
 * Turns a validated event into what is stored. Credentials are redacted from everything first;
 * a full token (the envelope's, or the first found in the input) is analysed, verified against
 * the keyring, and then dropped with the rest of the request.
 */
export async function normalizeFailure(
  event: FailureEvent,
  environment: string,
  options: NormalizeOptions,
): Promise<NormalizedFailure> {
  const { value: redacted, credentials } = redactCredentials(event, options.redactionKey);
  const raw = withoutSignatureEnds(
    redacted,
    credentials.map((found) => found.value).filter((value) => value.includes('.')),
  );
  const envelope = raw as FailureEvent;
  const payload = payloadOf(envelope);
  const details = payload.details ?? null;
  const failureContext = details?.failure_context ?? null;
  const headers = failureContext?.auth_headers ?? null;
  const reported = failureContext?.token_characteristics ?? null;

  const fullToken =
    event.token ??
    (
      credentials.find((found) => found.via === 'jwt') ??
      credentials.find((found) => found.via === 'bearer')
    )?.value ??
    null;
  const facts = fullToken ? tokenFacts(fullToken, options.redactionKey) : null;
  const signedBy = facts?.jws ? await options.signerOf(facts.jws, environment) : null;

  const protocol = headers?.websocket_protocol ?? null;
  const protocolPresent = protocol === null ? null : !ABSENT.test(protocol);

  const occurredAt = event.occurred_at ? Date.parse(event.occurred_at) : options.receivedAt;
  const service = clip(envelope.service ?? details?.service);
  const instance = clip(envelope.instance);
  const tokenLength = facts?.length ?? reported?.length ?? null;
  const dotCount = facts?.dot_count ?? reported?.dot_count ?? null;
  const resolver = options.resolverOf?.(environment, service, instance) ?? null;
  const diagnosis = diagnose({
    occurredAt,
    clockSkewSeconds: options.clockSkewSeconds ?? 60,
    service,
    tokenLength,
    dotCount,
    authorizationPresent: headers?.authorization_present ?? (fullToken ? true : null),
    // The protocol header as sent, before redaction: "Bearer <token>" in it is a cause of its own.
    websocketProtocol:
      payloadOf(event).details?.failure_context?.auth_headers?.websocket_protocol ?? null,
    token: facts
      ? {
          kind: facts.kind,
          problems: facts.problems,
          rawExp: facts.rawExp,
          iat: facts.claims.iat ?? null,
          nbf: facts.claims.nbf ?? null,
        }
      : null,
    signedBy,
    resolver,
    trust: options.trustOf?.(environment, service, instance, facts?.kid ?? null, occurredAt),
  });

  return {
    event_id: event.event_id ?? null,
    occurred_at: occurredAt,
    received_at: options.receivedAt,
    environment,
    service,
    instance,
    context: clip(failureContext?.context),
    method: clip(failureContext?.method),
    error_code: clip(payload.error_code),
    error_message: clip(payload.error_message, 2000),
    user: clip(envelope.user ?? details?.user),
    close_code: event.close_code ?? null,
    token_length: tokenLength,
    token_dot_count: dotCount,
    token_prefix: facts?.prefix ?? clip(reported?.prefix, 16),
    // A service's own suffix is what it chose to report; of a token seen in full, nothing of the
    // signature is kept.
    token_suffix: facts ? null : clip(reported?.suffix, 16),
    has_bearer_prefix: facts?.has_bearer_prefix ?? reported?.has_bearer_prefix ?? null,
    authorization_present: headers?.authorization_present ?? (fullToken ? true : null),
    websocket_protocol_present: protocolPresent,
    websocket_protocol: protocolPresent ? clip(protocol, 256) : null,
    token_sha256: facts?.sha256 ?? null,
    token_alg: facts?.alg ?? null,
    token_kid: facts?.kid ?? null,
    token_iss: facts?.iss ?? null,
    token_exp: facts?.exp ?? null,
    token_claims: facts && Object.keys(facts.claims).length > 0 ? facts.claims : null,
    signed_by: signedBy,
    cause: diagnosis.cause,
    cause_detail: diagnosis.detail,
    resolved_key: resolver?.keyId ?? null,
    resolved_source: resolver?.source ?? null,
    raw,
  };
}

function clip(value: string | null | undefined, max = 256): string | null {
  if (value === null || value === undefined) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * A service's own `token_characteristics.suffix` is the end of the token's signature: when the
 * full token came too, any string that ends it is dropped, so nothing of the signature is kept.
 */
function withoutSignatureEnds(value: unknown, tokens: readonly string[]): unknown {
  if (tokens.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string')
      return item.length >= 6 && tokens.some((token) => token.endsWith(item))
        ? '[redacted: end of the signature]'
        : item;
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, walk(child)]));
    return item;
  };
  return walk(value);
}
