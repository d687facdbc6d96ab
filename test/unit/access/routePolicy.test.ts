import { describe, expect, it } from 'vitest';
import { PAGE_ACCESS, requiredAccess, ROUTE_POLICY } from '../../../lib/access';
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
