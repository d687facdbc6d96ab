import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  credentialDigest,
  normalizeFailure,
  parseFailureInput,
  type FailureEvent,
  type NormalizeOptions,
} from '../../../lib/failures';
import { CAUSES } from '../../../lib/triage';
import {
  NOW_SECONDS,
  signedToken,
  TEST_REDACTION_KEY,
  tokenTraces,
} from '../../fixtures/failures/tokens';
import { specFixture } from '../../helpers/fixtures';

const SAMPLE = specFixture('failure-websocket-validation.json');
const RECEIVED_AT = Date.parse('2026-11-22T10:05:00Z');

type Sample = typeof SAMPLE & {
  details: {
    failure_context: {
      auth_headers: Record<string, unknown>;
      token_characteristics: Record<string, unknown>;
    };
  };
};

function event(input: unknown): FailureEvent {
  const parsed = parseFailureInput(input);
  if (!parsed.ok) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.issues)}`);
  return parsed.events[0];
}

function options(
  signer: string | null = null,
): NormalizeOptions & { signerOf: ReturnType<typeof vi.fn> } {
  return {
    receivedAt: RECEIVED_AT,
    redactionKey: TEST_REDACTION_KEY,
    signerOf: vi.fn(async () => signer),
  };
}

/** The sample with its auth headers changed. */
function sampleWithHeaders(
  headers: Record<string, unknown>,
  characteristics: Record<string, unknown> = {},
): Sample {
  const copy = structuredClone(SAMPLE) as Sample;
  Object.assign(copy.details.failure_context.auth_headers, headers);
  Object.assign(copy.details.failure_context.token_characteristics, characteristics);
  return copy;
}

describe('normalizeFailure', () => {
  let jwt: string;

  beforeAll(async () => {
    jwt = await signedToken();
  });

  it('maps the spec sample to its columns', async () => {
    const normalized = await normalizeFailure(event(SAMPLE), 'staging', options());
    expect(normalized).toMatchObject({
      event_id: null,
      occurred_at: RECEIVED_AT,
      received_at: RECEIVED_AT,
      environment: 'staging',
      service: null,
      instance: null,
      context: 'websocket',
      method: 'jwt_token',
      error_code: 'VALIDATION_FAILED',
      error_message: 'Token validation failed | Debug: 373 chars, 2 dots',
      user: null,
      close_code: null,
      token_length: 373,
      token_dot_count: 2,
      token_prefix: 'eyJhbGciOiJI',
      token_suffix: '2fVRdOdE',
      has_bearer_prefix: false,
      authorization_present: true,
      websocket_protocol_present: false,
      websocket_protocol: null,
      token_sha256: null,
      token_alg: null,
      token_kid: null,
      token_iss: null,
      token_exp: null,
      token_claims: null,
      signed_by: null,
    });
    expect(CAUSES).toContain(normalized.cause);
    expect(normalized.cause_detail.length).toBeGreaterThan(0);
  });

  it('keeps the sample whole, unknown fields included, as the raw JSON', async () => {
    const normalized = await normalizeFailure(event(SAMPLE), 'staging', options());
    expect(normalized.raw).toEqual(SAMPLE);
  });

  it('takes what an envelope adds: service, instance, user, close code, time, event id', async () => {
    const envelope = {
      event_id: 'evt-42',
      service: 'backend-websocket',
      instance: 'ws-7f9c',
      environment: 'staging',
      user: 'staging-e2e-user-002',
      close_code: 1008,
      occurred_at: '2026-11-22T11:00:00+01:00',
      payload: SAMPLE,
      region: 'eu-west-1',
    };
    const normalized = await normalizeFailure(event(envelope), 'staging', options());
    expect(normalized).toMatchObject({
      event_id: 'evt-42',
      service: 'backend-websocket',
      instance: 'ws-7f9c',
      user: 'staging-e2e-user-002',
      close_code: 1008,
      occurred_at: Date.parse('2026-11-22T10:00:00Z'),
      error_code: 'VALIDATION_FAILED',
      context: 'websocket',
      token_length: 373,
    });
    expect(normalized.raw).toEqual(envelope);
  });

  it('takes error_code and error_message from the envelope when its payload lacks them', async () => {
    const payload = { details: SAMPLE.details };
    const envelope = {
      environment: 'staging',
      error_code: 'TOKEN_EXPIRED',
      error_message: 'said by the envelope',
      payload,
    };
    expect(await normalizeFailure(event(envelope), 'staging', options())).toMatchObject({
      error_code: 'TOKEN_EXPIRED',
      error_message: 'said by the envelope',
    });
  });

  it("lets an envelope's own error_code win over its payload's (payload.ts: FailureEvent)", async () => {
    const envelope = { environment: 'staging', error_code: 'TOKEN_EXPIRED', payload: SAMPLE };
    expect((await normalizeFailure(event(envelope), 'staging', options())).error_code).toBe(
      'TOKEN_EXPIRED',
    );
  });

  it('reads service and user from details when there is no envelope', async () => {
    const input = {
      ...SAMPLE,
      details: { ...(SAMPLE.details as object), service: 'backend-rest', user: 'alice' },
    };
    expect(await normalizeFailure(event(input), 'staging', options())).toMatchObject({
      service: 'backend-rest',
      user: 'alice',
    });
  });

  it.each<[string, unknown, boolean | null, string | null]>([
    ['"[MISSING]"', '[MISSING]', false, null],
    ['"missing"', 'missing', false, null],
    ['"none"', 'none', false, null],
    ['"null"', 'null', false, null],
    ['an empty string', '', false, null],
    ['a subprotocol', 'chat.v1', true, 'chat.v1'],
    ['null', null, null, null],
    ['no value at all', undefined, null, null],
  ])('reads websocket_protocol %s as present=%s', async (_name, protocol, present, kept) => {
    const input = sampleWithHeaders({ websocket_protocol: protocol });
    expect(await normalizeFailure(event(input), 'staging', options())).toMatchObject({
      websocket_protocol_present: present,
      websocket_protocol: kept,
    });
  });

  it('analyses the envelope token, names its signer, and keeps nothing of it', async () => {
    const envelope = {
      service: 'backend-websocket',
      environment: 'staging',
      token: jwt,
      payload: sampleWithHeaders(
        { authorization: `Bearer ${jwt}` },
        { length: jwt.length, suffix: jwt.slice(-8) },
      ),
    };
    const opts = options('staging-primary');
    const normalized = await normalizeFailure(event(envelope), 'staging', opts);

    expect(opts.signerOf).toHaveBeenCalledTimes(1);
    expect(opts.signerOf.mock.calls[0][0]).toMatchObject({ kind: 'jws', compact: jwt });
    expect(opts.signerOf.mock.calls[0][1]).toBe('staging');
    expect(normalized).toMatchObject({
      signed_by: 'staging-primary',
      token_length: jwt.length,
      token_dot_count: 2,
      token_prefix: jwt.slice(0, 12),
      token_suffix: null,
      token_sha256: credentialDigest(jwt, TEST_REDACTION_KEY),
      token_alg: 'HS256',
      token_kid: 'kid-1',
      token_iss: 'https://auth.example.com',
      token_exp: (NOW_SECONDS + 3_600) * 1000,
      token_claims: { typ: 'JWT', aud: 'chat', iat: NOW_SECONDS - 60, nbf: NOW_SECONDS - 60 },
    });
    const stored = JSON.stringify(normalized);
    for (const trace of [
      ...tokenTraces(jwt),
      jwt.slice(-8),
      'staging-e2e-user-002',
      'user@example.com',
    ])
      expect(stored).not.toContain(trace);
    const raw = normalized.raw as { token: string; payload: Sample };
    expect(raw.token).toMatch(
      /^\[redacted token: \d+ chars, 2 dots, hmac-sha256\/16:[0-9a-f]{16}\]$/,
    );
    expect(raw.payload.details.failure_context.token_characteristics.suffix).toBe(
      '[redacted: end of the signature]',
    );
    expect(raw.payload.details.failure_context.auth_headers.authorization_preview).toBe(
      'Bearer eyJhbGciOiJIUzI1NiIsInR...',
    );
  });

  it('analyses a token found only inside the payload', async () => {
    const input = sampleWithHeaders({ authorization: `Bearer ${jwt}` });
    const opts = options('staging-primary');
    const normalized = await normalizeFailure(event(input), 'staging', opts);
    expect(normalized).toMatchObject({
      signed_by: 'staging-primary',
      token_sha256: credentialDigest(jwt, TEST_REDACTION_KEY),
      token_length: jwt.length,
    });
    for (const trace of tokenTraces(jwt)) expect(JSON.stringify(normalized)).not.toContain(trace);
  });

  it('names no signer and does not try the keyring for an opaque token', async () => {
    const envelope = { environment: 'staging', token: 'opaque-session-value-123', payload: SAMPLE };
    const opts = options('staging-primary');
    const normalized = await normalizeFailure(event(envelope), 'staging', opts);
    expect(opts.signerOf).not.toHaveBeenCalled();
    expect(normalized).toMatchObject({
      signed_by: null,
      token_length: 24,
      token_dot_count: 0,
      token_sha256: credentialDigest('opaque-session-value-123', TEST_REDACTION_KEY),
    });
    expect(JSON.stringify(normalized)).not.toContain('opaque-session-value-123');
  });

  it('stores signed_by null when no key verifies', async () => {
    const envelope = { environment: 'staging', token: jwt, payload: SAMPLE };
    expect(
      (await normalizeFailure(event(envelope), 'staging', options(null))).signed_by,
    ).toBeNull();
  });

  it('clips an oversized message instead of storing it whole', async () => {
    const normalized = await normalizeFailure(
      event({ ...SAMPLE, error_message: 'x'.repeat(10_000) }),
      'staging',
      options(),
    );
    expect(normalized.error_message!.length).toBeLessThanOrEqual(2000);
  });
});
