import { describe, expect, it } from 'vitest';
import type { StoredVerifier } from '../../../lib/trust/types';
import { trustAcceptance, withTrustVerdicts, type FleetTrust } from '../../../lib/trust';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
const OLD = { kid: '2026-10', thumbprint: 'O'.repeat(43) };
const NEW = { kid: '2026-11', thumbprint: 'N'.repeat(43) };

const verifier = (service: string, instance: string, keys: (typeof OLD)[]): StoredVerifier => ({
  environment: 'staging',
  purpose: 'access-token',
  service,
  instance,
  reported_at: new Date(NOW).toISOString(),
  trust: {
    jwks_url: URL_,
    fetched_at: new Date(NOW - 3000_000).toISOString(),
    max_age_seconds: 3600,
    keys,
  },
});
const fleet = (verifiers: StoredVerifier[], published = [OLD, NEW]): FleetTrust => ({
  state: { issuers: [], verifiers },
  published: () => published,
});

describe("the inspector's fleet verdict follows stale_jwks", () => {
  it.each([
    {
      name: 'a verifier whose cache lacks the published kid rejects, with its cache age',
      trust: fleet([verifier('api', 'api-1', [OLD, NEW]), verifier('api', 'api-2', [OLD])]),
      kid: NEW.kid,
      expected: [
        {
          service: 'api',
          accepts: false,
          reason:
            "stale_jwks: 1 of 2 instances reject: api-2's JWKS cache lacks kid 2026-11 (fetched 3000 s ago, refreshes at 2026-11-20T10:10:00.000Z)",
        },
      ],
    },
    {
      name: 'every instance holds it: accepts',
      trust: fleet([verifier('api', 'api-1', [NEW]), verifier('ws', 'ws-1', [OLD, NEW])]),
      kid: NEW.kid,
      expected: [
        { service: 'api', accepts: true, reason: 'its JWKS cache holds kid 2026-11' },
        { service: 'ws', accepts: true, reason: 'its JWKS cache holds kid 2026-11' },
      ],
    },
    {
      name: 'a kid nobody publishes is left to the fingerprint verdict',
      trust: fleet([verifier('api', 'api-1', [OLD])], [OLD]),
      kid: NEW.kid,
      expected: [],
    },
    {
      name: 'no kid: nothing to say',
      trust: fleet([verifier('api', 'api-1', [OLD])]),
      kid: null,
      expected: [],
    },
  ])('$name', ({ trust, kid, expected }) => {
    expect(trustAcceptance(kid, 'staging', trust, NOW)).toEqual(expected);
  });

  it('replaces the fingerprint verdict of the services with a trust set only', () => {
    const merged = withTrustVerdicts(
      [
        { service: 'api', accepts: true, reason: 'resolves auth-jwks' },
        { service: 'billing', accepts: true, reason: 'resolves auth-jwks' },
      ],
      [{ service: 'api', accepts: false, reason: 'stale_jwks: …' }],
    );
    expect(merged.map((verdict) => [verdict.service, verdict.accepts])).toEqual([
      ['api', false],
      ['billing', true],
    ]);
  });
});
