import { describe, expect, it } from 'vitest';
import type { StoredVerifier } from '../../../lib/trust/types';
import { diagnose, type TriageInput } from '../../../lib/triage';
import { trustFinder } from '../../../lib/trust';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
const OLD = { kid: '2026-10', thumbprint: 'O'.repeat(43) };
const NEW = { kid: '2026-11', thumbprint: 'N'.repeat(43) };

const verifier = (
  instance: string,
  keys: (typeof OLD)[],
  fetchedMinutesAgo = 50,
): StoredVerifier => ({
  environment: 'staging',
  purpose: 'access-token',
  service: 'api',
  instance,
  reported_at: new Date(NOW).toISOString(),
  trust: {
    jwks_url: URL_,
    fetched_at: new Date(NOW - fetchedMinutesAgo * 60_000).toISOString(),
    max_age_seconds: 3600,
    keys,
  },
});

const failure = (trust: TriageInput['trust'], signedBy: string | null): TriageInput => ({
  occurredAt: NOW,
  clockSkewSeconds: 60,
  service: 'api',
  tokenLength: 300,
  dotCount: 2,
  authorizationPresent: true,
  websocketProtocol: null,
  token: { kind: 'jws', problems: [], rawExp: NOW / 1000 + 600, iat: NOW / 1000 - 60, nbf: null },
  signedBy,
  resolver: null,
  trust,
});

describe('stale_jwks at ingest: the token kid, the issuer JWKS and the failing service cache', () => {
  const CASES: {
    name: string;
    verifiers: StoredVerifier[];
    published: (typeof OLD)[];
    instance: string | null;
    kid: string | null;
    signedBy: string | null;
    cause: string;
    who?: string;
  }[] = [
    {
      name: 'its instance cached the JWKS before the rotation',
      verifiers: [verifier('api-1', [OLD, NEW]), verifier('api-2', [OLD])],
      published: [OLD, NEW],
      instance: 'api-2',
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'stale_jwks',
      who: 'api/api-2',
    },
    {
      name: 'its instance holds the kid: something else',
      verifiers: [verifier('api-1', [OLD, NEW])],
      published: [OLD, NEW],
      instance: 'api-1',
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'unexplained',
    },
    {
      name: 'the issuer does not publish the kid: not stale, unknown',
      verifiers: [verifier('api-2', [OLD])],
      published: [OLD],
      instance: 'api-2',
      kid: NEW.kid,
      signedBy: null,
      cause: 'unknown_signer',
    },
    {
      name: 'no instance named, every instance lacks it',
      verifiers: [verifier('api-1', [OLD], 20), verifier('api-2', [OLD], 55)],
      published: [OLD, NEW],
      instance: null,
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'stale_jwks',
      who: 'api',
    },
    {
      name: 'no instance named, one instance holds it: cannot tell',
      verifiers: [verifier('api-1', [OLD, NEW]), verifier('api-2', [OLD])],
      published: [OLD, NEW],
      instance: null,
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'unexplained',
    },
    {
      name: 'a token without kid',
      verifiers: [verifier('api-2', [OLD])],
      published: [OLD, NEW],
      instance: 'api-2',
      kid: null,
      signedBy: 'auth-jwks',
      cause: 'unexplained',
    },
    {
      name: 'a service that reports no trust set',
      verifiers: [],
      published: [OLD, NEW],
      instance: 'api-2',
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'unexplained',
    },
    {
      name: 'the kid cached with another key',
      verifiers: [verifier('api-2', [{ kid: NEW.kid, thumbprint: OLD.thumbprint }])],
      published: [NEW],
      instance: 'api-2',
      kid: NEW.kid,
      signedBy: 'auth-jwks',
      cause: 'stale_jwks',
      who: 'api/api-2',
    },
  ];
  it.each(CASES)(
    '$name → $cause',
    ({ verifiers, published, instance, kid, signedBy, cause, who }) => {
      const find = trustFinder({ issuers: [], verifiers }, () => published);
      const trust = find('staging', 'api', instance, kid, NOW);
      const diagnosis = diagnose(failure(trust, signedBy));
      expect(diagnosis.cause).toBe(cause);
      if (who) {
        expect(diagnosis.detail).toContain(`${who}'s JWKS cache lacks it`);
        expect(diagnosis.detail).toMatch(/fetched \d+ s ago, refreshes at 2026-11-20T/);
      }
    },
  );

  it('gives the oldest cache when the service as a whole lacks the kid', () => {
    const find = trustFinder(
      { issuers: [], verifiers: [verifier('api-1', [OLD], 20), verifier('api-2', [OLD], 55)] },
      () => [OLD, NEW],
    );
    expect(find('staging', 'api', null, NEW.kid, NOW)?.cacheAgeSeconds).toBe(3300);
    expect(find('production', 'api', null, NEW.kid, NOW)).toBeNull();
  });
});
