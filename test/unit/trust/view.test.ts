import { describe, expect, it } from 'vitest';
import type { StoredIssuer, StoredVerifier, TrustState } from '../../../lib/trust/types';
import { freshTrust, publishedKeys } from '../../../lib/trust/published';
import { trustView } from '../../../lib/trust';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
const OLD = { kid: '2026-10', thumbprint: 'O'.repeat(43) };
const NEW = { kid: '2026-11', thumbprint: 'N'.repeat(43) };
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

const issuer = (instance: string, key = NEW, reportedMinutesAgo = 0): StoredIssuer => ({
  environment: 'staging',
  purpose: 'access-token',
  service: 'auth',
  instance,
  reported_at: iso(reportedMinutesAgo),
  signing: { ...key, jwks_url: URL_ },
});
const verifier = (
  instance: string,
  keys: (typeof OLD)[],
  fetchedMinutesAgo = 50,
): StoredVerifier => ({
  environment: 'staging',
  purpose: 'access-token',
  service: 'api',
  instance,
  reported_at: iso(0),
  trust: { jwks_url: URL_, fetched_at: iso(fetchedMinutesAgo), max_age_seconds: 3600, keys },
});
const JWKS = [
  {
    key_id: 'auth-jwks',
    url: URL_,
    status: 'ok',
    fetched_at: iso(1),
    error: null,
    keys: [OLD, NEW],
  },
];

describe('trustView', () => {
  const CASES: {
    name: string;
    state: TrustState;
    status: string;
    missing: Record<string, string[]>;
  }[] = [
    {
      name: 'consistent: every verifier holds the current key',
      state: {
        issuers: [issuer('auth-1')],
        verifiers: [verifier('api-1', [OLD, NEW]), verifier('api-2', [NEW, OLD])],
      },
      status: 'consistent',
      missing: { 'api-1': [], 'api-2': [] },
    },
    {
      name: 'one verifier kept its cache from before the rotation',
      state: {
        issuers: [issuer('auth-1')],
        verifiers: [verifier('api-1', [OLD, NEW]), verifier('api-2', [OLD])],
      },
      status: 'mismatch',
      missing: { 'api-1': [], 'api-2': ['2026-11'] },
    },
    {
      name: 'published but not signed with yet: not a mismatch, still shown as missing',
      state: { issuers: [issuer('auth-1', OLD)], verifiers: [verifier('api-1', [OLD])] },
      status: 'consistent',
      missing: { 'api-1': ['2026-11'] },
    },
    {
      name: 'verifiers without issuers: not comparable',
      state: { issuers: [], verifiers: [verifier('api-1', [OLD])] },
      status: 'not_comparable',
      missing: { 'api-1': ['2026-11'] },
    },
  ];
  it.each(CASES)('$name', ({ state, status, missing }) => {
    const view = trustView('staging', state, JWKS, NOW);
    expect(view.status).toBe(status);
    const verifiers = view.purposes[0]!.verifiers;
    expect(
      Object.fromEntries(verifiers.map((row) => [row.instance, row.missing_published])),
    ).toEqual(missing);
  });

  it('names the verifier, the missing kid, its cache age and when it refreshes', () => {
    const view = trustView(
      'staging',
      { issuers: [issuer('auth-1')], verifiers: [verifier('api-2', [OLD], 50)] },
      JWKS,
      NOW,
    );
    expect(view.purposes[0]!.mismatches).toEqual([
      {
        verifier: { service: 'api', instance: 'api-2' },
        issuer: { service: 'auth', instance: 'auth-1' },
        missing_kid: '2026-11',
        reason: 'missing_kid',
        cache_age_seconds: 3000,
        refreshes_at: '2026-11-20T10:10:00.000Z',
      },
    ]);
    expect(view.purposes[0]!.verifiers[0]).toMatchObject({
      cache_age_seconds: 3000,
      refreshes_at: '2026-11-20T10:10:00.000Z',
    });
  });
});

describe('published keys and staleness', () => {
  it('joins the JWKS and the issuers’ reports, once each', () => {
    const other = { kid: '2026-12', thumbprint: 'T'.repeat(43) };
    expect(publishedKeys(JWKS, [issuer('a'), issuer('b', other)]).map((key) => key.kid)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  it('drops reports older than the staleness threshold (a pod gone for good)', () => {
    const state = { issuers: [issuer('gone', OLD, 30), issuer('auth-1')], verifiers: [] };
    expect(freshTrust(state, NOW, 10 * 60_000).issuers.map((row) => row.instance)).toEqual([
      'auth-1',
    ]);
  });
});
