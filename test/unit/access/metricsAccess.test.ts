import { describe, expect, it } from 'vitest';
import {
  CredentialThrottle,
  decideAccess,
  DEFAULT_RATE_LIMITS,
  type AccessContext,
} from '../../../lib/access';
import { mayScrape } from '../../../lib/access/metricsAccess';

describe('mayScrape', () => {
  it.each([
    { bearer: 'right-token', peer: '10.0.0.5', token: 'right-token', expected: 'ok' },
    { bearer: 'wrong-token', peer: '127.0.0.1', token: 'right-token', expected: 'unauthorized' },
    { bearer: null, peer: '127.0.0.1', token: 'right-token', expected: 'unauthorized' },
    { bearer: null, peer: '127.0.0.1', token: null, expected: 'ok' },
    { bearer: null, peer: '::ffff:127.0.0.1', token: null, expected: 'ok' },
    { bearer: null, peer: '::1', token: null, expected: 'ok' },
    { bearer: null, peer: '10.0.0.5', token: null, expected: 'forbidden' },
    { bearer: 'anything', peer: '192.168.1.2', token: null, expected: 'forbidden' },
    { bearer: null, peer: null, token: null, expected: 'forbidden' },
  ])(
    'bearer $bearer from $peer with token $token → $expected',
    ({ bearer, peer, token, expected }) => {
      expect(mayScrape(bearer, peer, token)).toBe(expected);
    },
  );
});

describe('GET /metrics in the route policy', () => {
  const context: AccessContext = {
    viewers: { viewers: [], problems: [] },
    ingestKeys: { keys: [], problems: [] },
    sessionSecret: new Uint8Array(32),
    trustedProxy: null,
    metricsToken: 'scrape-token',
    publicHost: null,
    credentialThrottle: new CredentialThrottle(DEFAULT_RATE_LIMITS.authFailures),
    sessions: null,
  };
  const request = (authorization: string | null) => ({
    method: 'GET',
    pathname: '/metrics',
    authorization,
    sessionCookie: undefined,
    peer: '127.0.0.1',
    header: (name: string) => (name === 'host' ? '127.0.0.1:3000' : null),
  });

  it('answers 401 without the metrics token, even in open access from loopback', async () => {
    expect(await decideAccess(request(null), context)).toMatchObject({
      allowed: false,
      status: 401,
    });
  });

  it('lets the metrics token in', async () => {
    expect(await decideAccess(request('Bearer scrape-token'), context)).toMatchObject({
      allowed: true,
    });
  });
});
