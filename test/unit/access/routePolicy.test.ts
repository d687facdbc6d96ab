import { describe, expect, it } from 'vitest';
import {
  PAGE_ACCESS,
  RateLimiter,
  requiredAccess,
  ROUTE_POLICY,
  routeRateLimited,
} from '../../../lib/access';
import { routeLimit } from '../../../lib/access/policy';
import { listAppRoutes } from '../../helpers/routes';

describe('the route policy (lib/access/policy.ts)', () => {
  const routes = listAppRoutes();

  it('names every API route and method in app/ explicitly', () => {
    const missing = routes
      .filter((route) => route.kind === 'api')
      .flatMap((route) =>
        route.methods
          .filter((method) => !ROUTE_POLICY[route.path]?.[method as 'GET'])
          .map((method) => `${method} ${route.path}`),
      );
    expect(missing).toEqual([]);
  });

  it('covers every page: listed, or the viewer default', () => {
    for (const route of routes.filter((entry) => entry.kind === 'page')) {
      const access = requiredAccess('GET', route.path.replace(/\{[^}]+\}/g, 'x'));
      expect(access, route.path).toBe(ROUTE_POLICY[route.path]?.GET ?? PAGE_ACCESS);
    }
  });

  it('lists no route that app/ does not have (a stale entry would hide a typo)', () => {
    const existing = new Set(routes.map((route) => route.path));
    expect(Object.keys(ROUTE_POLICY).filter((pattern) => !existing.has(pattern))).toEqual([]);
  });

  it('answers null (404) for an unknown API path or method, and viewer for an unknown page', () => {
    expect(requiredAccess('GET', '/api/v1/unknown')).toBeNull();
    expect(requiredAccess('DELETE', '/api/v1/failures')).toBeNull();
    expect(requiredAccess('GET', '/some/page')).toBe('viewer');
  });

  it('keeps ingest write-only and health public', () => {
    expect(requiredAccess('POST', '/api/v1/failures')).toBe('ingest');
    expect(requiredAccess('GET', '/api/v1/failures')).toBe('viewer');
    expect(requiredAccess('GET', '/api/health')).toBe('anyone');
    expect(requiredAccess('GET', '/api/v1/failures/123')).toBe('viewer');
  });
});

describe('rate limits as fields of the policy rows', () => {
  it('names the limit each costly POST spends, and none elsewhere', () => {
    expect(routeLimit('POST', '/api/v1/failures')).toBe('ingest');
    expect(routeLimit('POST', '/api/v1/fingerprints')).toBe('ingest');
    expect(routeLimit('POST', '/api/v1/inspect')).toBe('inspect');
    expect(routeLimit('GET', '/api/v1/failures')).toBeNull();
    expect(routeLimit('POST', '/api/session')).toBeNull();
    expect(routeLimit('POST', '/api/v1/unknown')).toBeNull();
  });

  it('spends the bucket of the principal, and answers the wait once it is empty', () => {
    const limiters = {
      ingest: new RateLimiter({ rate: 1, burst: 1 }),
      inspect: new RateLimiter({ rate: 1, burst: 2 }),
    };
    const key = { kind: 'ingest', name: 'checkout', environments: 'all' } as const;
    expect(routeRateLimited('POST', '/api/v1/failures', key, limiters)).toBeNull();
    // The two ingest paths share one bucket per key.
    expect(routeRateLimited('POST', '/api/v1/fingerprints', key, limiters)).toBe(1);
    const other = { kind: 'ingest', name: 'billing', environments: 'all' } as const;
    expect(routeRateLimited('POST', '/api/v1/failures', other, limiters)).toBeNull();
    expect(routeRateLimited('GET', '/api/v1/failures', key, limiters)).toBeNull();
    expect(routeRateLimited('POST', '/api/v1/failures', null, limiters)).toBeNull();
  });
});
