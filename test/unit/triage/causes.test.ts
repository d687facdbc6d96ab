import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  normalizeFailure,
  parseFailureInput,
  signerFinder,
  type FailureEvent,
} from '../../../lib/failures';
import { knownKeys, type InstanceState } from '../../../lib/fleet';
import type { Keyring } from '../../../lib/keys';
import { fingerprintSecret } from '../../../lib/reporter';
import {
  CAUSES,
  diagnose,
  resolverFinder,
  type Cause,
  type TriageInput,
} from '../../../lib/triage';
import { signedToken, TEST_REDACTION_KEY } from '../../fixtures/failures/tokens';
import { specFixture } from '../../helpers/fixtures';
import { loadTestKeyring, TEST_PEPPER } from '../keys/testKeyring';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const NOW_S = NOW / 1000;

/** A failure that nothing explains: a full, valid-looking JWS whose signer and resolver agree. */
const BASE: TriageInput = {
  occurredAt: NOW,
  clockSkewSeconds: 60,
  service: 'backend-websocket',
  tokenLength: 373,
  dotCount: 2,
  authorizationPresent: true,
  websocketProtocol: null,
  token: { kind: 'jws', problems: [], rawExp: NOW_S + 3600, iat: NOW_S - 60, nbf: NOW_S - 60 },
  signedBy: 'staging-primary',
  resolver: {
    keyId: 'staging-primary',
    source: 'JWT_SECRET',
    version: null,
    who: 'backend-websocket',
  },
};

const token = (changes: Partial<NonNullable<TriageInput['token']>>) => ({
  token: { ...BASE.token!, ...changes },
});

/** Every rule, with the input that triggers it and what its one-line explanation must name. */
const RULES: Array<[name: string, changes: Partial<TriageInput>, cause: Cause, detail: RegExp]> = [
  [
    'no Authorization and no protocol token',
    { authorizationPresent: false, token: null, tokenLength: 0, dotCount: null },
    'missing_token',
    /no token came with the request/,
  ],
  [
    'an Authorization header that is absent and a placeholder protocol',
    {
      authorizationPresent: null,
      token: null,
      tokenLength: null,
      dotCount: null,
      websocketProtocol: '[MISSING]',
    },
    'missing_token',
    /no Authorization header/,
  ],
  [
    '"Bearer <token>" inside Sec-WebSocket-Protocol',
    { websocketProtocol: 'access_token, Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' },
    'bearer_in_protocol',
    /Sec-WebSocket-Protocol carries "Bearer <token>"/,
  ],
  [
    'a lower-case bearer in the protocol header',
    { websocketProtocol: 'bearer abcdefgh' },
    'bearer_in_protocol',
    /send the bare token/,
  ],
  [
    'an opaque token without dots',
    { token: null, tokenLength: 40, dotCount: 0 },
    'not_a_jwt',
    /no dots \(40 chars\)/,
  ],
  [
    'one dot: the signature was cut off',
    { token: null, tokenLength: 200, dotCount: 1 },
    'truncated',
    /1 dot\(s\), not 2/,
  ],
  [
    'three dots: two tokens joined',
    { token: null, tokenLength: 400, dotCount: 3 },
    'truncated',
    /3 dot\(s\)/,
  ],
  [
    'two dots but too short to be complete',
    { token: null, tokenLength: 40, dotCount: 2 },
    'truncated',
    /40 chars long: too short/,
  ],
  [
    'a token that does not decode',
    {
      token: {
        kind: 'malformed',
        problems: ['payload: bad JSON'],
        rawExp: null,
        iat: null,
        nbf: null,
      },
      signedBy: null,
    },
    'malformed',
    /does not decode: payload: bad JSON/,
  ],
  [
    'signed by one key, the service resolves another',
    {
      resolver: {
        keyId: 'staging-legacy',
        source: 'JWT_SECRET_KEY',
        version: null,
        who: 'backend-websocket',
      },
    },
    'secret_mismatch',
    /signed by staging-primary, backend-websocket resolves staging-legacy from JWT_SECRET_KEY/,
  ],
  [
    'the service resolves a key authscope does not hold',
    {
      resolver: { keyId: null, source: 'aws-sm:jwt', version: '5', who: 'backend-websocket/ws-1' },
    },
    'secret_mismatch',
    /backend-websocket\/ws-1 resolves a key authscope does not hold from aws-sm:jwt v5/,
  ],
  [
    "a published kid missing from the verifier's JWKS cache",
    {
      signedBy: null,
      resolver: null,
      trust: {
        kid: '2026-11',
        published: true,
        trusted: false,
        cacheAgeSeconds: 3000,
        refreshesAt: '2026-11-22T10:10:00.000Z',
        who: 'api/v2',
      },
    },
    'stale_jwks',
    /kid 2026-11 is published by the issuer, but api\/v2's JWKS cache lacks it \(fetched 3000 s ago, refreshes at 2026-11-22T10:10:00.000Z\)/,
  ],
  [
    'a kid the issuer does not publish is no stale cache',
    {
      signedBy: null,
      trust: {
        kid: 'forged',
        published: false,
        trusted: false,
        cacheAgeSeconds: 10,
        refreshesAt: '2026-11-22T11:00:00.000Z',
        who: 'api/v2',
      },
    },
    'unknown_signer',
    /no configured key verifies/,
  ],
  [
    'a kid the verifier trusts is no stale cache',
    {
      trust: {
        kid: '2026-11',
        published: true,
        trusted: true,
        cacheAgeSeconds: 10,
        refreshesAt: '2026-11-22T11:00:00.000Z',
        who: 'api/v2',
      },
    },
    'unexplained',
    /nothing known/,
  ],
  [
    'exp written in milliseconds',
    token({ rawExp: NOW + 3_600_000 }),
    'exp_in_milliseconds',
    /13-digit value/,
  ],
  [
    'exp well past, beyond the skew allowance',
    token({ rawExp: NOW_S - 600 }),
    'expired',
    /expired 600 s before the request/,
  ],
  [
    'iat two minutes ahead of the receiver',
    token({ iat: NOW_S + 120 }),
    'clock_skew',
    /iat is 120 s ahead/,
  ],
  [
    'nbf two minutes ahead of the receiver',
    token({ nbf: NOW_S + 120 }),
    'clock_skew',
    /nbf is 120 s ahead/,
  ],
  [
    'nbf an hour ahead',
    token({ nbf: NOW_S + 3600 }),
    'not_yet_valid',
    /not valid until 3600 s after/,
  ],
  [
    'no configured key verifies it',
    { signedBy: null },
    'unknown_signer',
    /no configured key verifies/,
  ],
  [
    'a valid token whose signer the service resolves',
    {},
    'unexplained',
    /nothing known about this failure explains it/,
  ],
  [
    'only counts are known, and they look like a whole token',
    { token: null, signedBy: null, resolver: null },
    'unexplained',
    /nothing known/,
  ],
];

describe('diagnose: one rule per cause', () => {
  it.each(RULES)('%s → %s', (_name, changes, cause, detail) => {
    const diagnosis = diagnose({ ...BASE, ...changes });
    expect(diagnosis.cause).toBe(cause);
    expect(diagnosis.detail).toMatch(detail);
  });

  it('has a row above for every cause it can give', () => {
    expect(new Set(RULES.map(([, , cause]) => cause))).toEqual(new Set(CAUSES));
  });

  it('stays within the clock-skew allowance: an exp 30 s past or an iat 30 s ahead is no cause', () => {
    expect(diagnose({ ...BASE, ...token({ rawExp: NOW_S - 30 }) }).cause).toBe('unexplained');
    expect(diagnose({ ...BASE, ...token({ iat: NOW_S + 30 }) }).cause).toBe('unexplained');
  });

  it('names the mismatch before the expiry: a rotated secret is the root cause', () => {
    const both = {
      ...BASE,
      ...token({ rawExp: NOW_S - 600 }),
      resolver: { ...BASE.resolver!, keyId: 'staging-legacy' },
    };
    expect(diagnose(both).cause).toBe('secret_mismatch');
  });

  it('never guesses a mismatch without a resolver, nor without a signer', () => {
    expect(diagnose({ ...BASE, resolver: null }).cause).toBe('unexplained');
    expect(
      diagnose({
        ...BASE,
        signedBy: null,
        resolver: { ...BASE.resolver!, keyId: 'staging-legacy' },
      }).cause,
    ).toBe('unknown_signer');
  });
});

describe('secret_mismatch from a real keyring, a real token and a real fleet state', () => {
  const primary = `primary-${randomBytes(24).toString('hex')}`;
  const legacy = `legacy-${randomBytes(24).toString('hex')}`;
  let keyring: Keyring;
  let fleet: InstanceState[];

  beforeAll(async () => {
    ({ keyring } = await loadTestKeyring({
      keys: [
        { id: 'staging-primary', environment: 'staging', from: 'env:JWT_SECRET', alg: 'HS256' },
        { id: 'staging-legacy', environment: 'staging', from: 'env:JWT_SECRET_KEY', alg: 'HS256' },
      ],
      env: { JWT_SECRET: primary, JWT_SECRET_KEY: legacy },
    }));
    const instance = (
      service: string,
      name: string,
      secret: string,
      source: string,
    ): InstanceState => ({
      environment: 'staging',
      purpose: 'jwt',
      service,
      instance: name,
      // What the reporter library sends: the keyed fingerprint with the deployment's pepper.
      fingerprint: fingerprintSecret(secret, TEST_PEPPER.bytes),
      algorithm: 'HS256',
      source,
      version: null,
      length: secret.length,
      resolution: null,
      last_seen_at: new Date(NOW).toISOString(),
      changed_at: new Date(NOW - 60_000).toISOString(),
    });
    fleet = [
      instance('backend-api', 'api-1', primary, 'JWT_SECRET'),
      instance('backend-websocket', 'ws-7f9c', legacy, 'JWT_SECRET_KEY'),
    ];
  });

  async function triage(service: string, instance: string | null, secret: string) {
    const jwt = await signedToken({}, {}, new TextEncoder().encode(secret));
    const payload = structuredClone(specFixture('failure-websocket-validation.json')) as Record<
      string,
      unknown
    >;
    const parsed = parseFailureInput({
      environment: 'staging',
      service,
      instance,
      occurred_at: new Date(NOW).toISOString(),
      token: jwt,
      payload,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const event: FailureEvent = parsed.events[0];
    return normalizeFailure(event, 'staging', {
      receivedAt: NOW,
      redactionKey: TEST_REDACTION_KEY,
      signerOf: signerFinder(keyring),
      resolverOf: resolverFinder(fleet, knownKeys(keyring.keys())),
    });
  }

  it('names the signing key, the key the failing instance resolved, and its source', async () => {
    const failure = await triage('backend-websocket', 'ws-7f9c', primary);
    expect(failure).toMatchObject({
      signed_by: 'staging-primary',
      cause: 'secret_mismatch',
      resolved_key: 'staging-legacy',
      resolved_source: 'JWT_SECRET_KEY',
    });
    expect(failure.cause_detail).toBe(
      'tokens signed by staging-primary, backend-websocket/ws-7f9c resolves staging-legacy from JWT_SECRET_KEY',
    );
  });

  it('finds the service resolver when the failure names no instance', async () => {
    const failure = await triage('backend-websocket', null, primary);
    expect(failure.cause).toBe('secret_mismatch');
    expect(failure.cause_detail).toContain('backend-websocket resolves staging-legacy');
  });

  it('is no mismatch when the service resolves the key that signed the token', async () => {
    const failure = await triage('backend-api', 'api-1', primary);
    expect(failure.signed_by).toBe('staging-primary');
    expect(failure.cause).toBe('unexplained');
  });

  it('is unknown_signer, not a mismatch, when no configured key verifies the token', async () => {
    const failure = await triage(
      'backend-websocket',
      'ws-7f9c',
      `stranger-${randomBytes(16).toString('hex')}`,
    );
    expect(failure.signed_by).toBeNull();
    expect(failure.cause).toBe('unknown_signer');
  });

  it('keeps no secret in what it explains', async () => {
    const failure = await triage('backend-websocket', 'ws-7f9c', primary);
    const stored = JSON.stringify(failure);
    for (const secret of [primary, legacy]) expect(stored).not.toContain(secret);
  });
});
