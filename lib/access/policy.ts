/** Who may call a route: the one table every route and page is checked against. */
export type Access = 'anyone' | 'viewer' | 'ingest' | 'viewer_or_ingest' | 'metrics';

type Method = 'GET' | 'POST' | 'DELETE';

/**
 * The rate limit a request spends before its handler runs, per principal (the buckets and their
 * defaults: lib/access/rateLimit.ts). Ingest is limited per ingest key; the inspector per viewer,
 * because it is an oracle (whether a forged token verifies is information).
 */
export type RouteLimit = 'ingest' | 'inspect';

/** Who may call a route's method, and the rate limit it spends when it has one. */
export type MethodRule = Access | { access: Access; limit: RouteLimit };

/**
 * Route patterns as the app/ folders spell them (route groups removed, `[id]` → `{id}`).
 * A test enumerates app/ and fails when a route or page is missing here.
 */
export const ROUTE_POLICY: Record<string, Partial<Record<Method, MethodRule>>> = {
  '/api/health': { GET: 'anyone' },
  // Sign-in spends its limit on failed attempts only, so its handler does (limiters.signIn).
  '/api/session': { POST: 'anyone', DELETE: 'anyone' },
  '/api/v1/inspect': { POST: { access: 'viewer', limit: 'inspect' } },
  '/api/v1/keys': { GET: 'viewer' },
  '/api/v1/audit': { GET: 'viewer' },
  '/api/v1/failures': { GET: 'viewer', POST: { access: 'ingest', limit: 'ingest' } },
  '/api/v1/failures/{id}': { GET: 'viewer' },
  '/api/v1/failures/stats': { GET: 'viewer' },
  '/api/v1/failures/causes': { GET: 'viewer' },
  '/api/v1/failures/groups': { GET: 'viewer' },
  '/api/v1/stream': { GET: 'viewer' },
  '/api/v1/incidents': { GET: 'viewer' },
  '/api/v1/incidents/markdown': { GET: 'viewer' },
  '/api/v1/fingerprints': { POST: { access: 'ingest', limit: 'ingest' } },
  '/api/v1/fleet': { GET: 'viewer' },
  '/api/v1/environments/{env}': { GET: 'viewer' },
  '/api/v1/environments/{env}/history': { GET: 'viewer' },
  '/api/v1/environments/{env}/consistency': { GET: 'viewer_or_ingest' },
  '/api/v1/environments/{env}/probes': { GET: 'viewer' },
  '/api/v1/environments/{env}/rotations': { GET: 'viewer' },
  '/api/v1/environments/{env}/trust': { GET: 'viewer' },
  '/api/v1/probes': { GET: 'viewer' },
  '/sign-in': { GET: 'anyone' },
  '/metrics': { GET: 'metrics' },
  '/api/v1/alerts': { GET: 'viewer' },
  '/api/v1/alerts/silences': { POST: 'viewer' },
};

/** Pages not listed above are for viewers. */
export const PAGE_ACCESS: Access = 'viewer';

const compiled = Object.entries(ROUTE_POLICY).map(([pattern, methods]) => ({
  pattern,
  regex: new RegExp(
    `^${pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/]+\}/g, '[^/]+')}/?$`,
  ),
  methods,
}));

function ruleFor(method: string, pathname: string): MethodRule | undefined {
  const entry =
    compiled.find((candidate) => candidate.pattern === pathname) ??
    compiled.find((candidate) => candidate.regex.test(pathname));
  return entry?.methods[(method === 'HEAD' ? 'GET' : method) as Method];
}

const accessOf = (rule: MethodRule): Access => (typeof rule === 'string' ? rule : rule.access);

/**
 * What `method path` requires; null for an API path or method that is not in the table
 * (answered 404, so a route added without a policy is never reachable by accident).
 */
export function requiredAccess(method: string, pathname: string): Access | null {
  // Next.js internals that reach the proxy (the image optimizer: the app has no images to
  // optimize) are not routes of this app. Build assets skip the proxy.
  if (pathname.startsWith('/_next/')) return null;
  const rule = ruleFor(method, pathname);
  if (rule) return accessOf(rule);
  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  return isApi ? null : PAGE_ACCESS;
}

/** The rate limit `method path` spends before its handler runs, or null. */
export function routeLimit(method: string, pathname: string): RouteLimit | null {
  const rule = ruleFor(method, pathname);
  return rule && typeof rule !== 'string' ? rule.limit : null;
}

/**
 * The machine endpoints: what services POST with an ingest key. Derived from the table, so the
 * machine path (lib/ingest/machinePath.ts), the ingest rate limit and the rejection metrics
 * cannot list different paths.
 */
export const INGEST_PATHS: readonly string[] = Object.entries(ROUTE_POLICY)
  .filter(([, methods]) => methods.POST && accessOf(methods.POST) === 'ingest')
  .map(([pattern]) => pattern);

export function isIngestPost(method: string, pathname: string): boolean {
  return method === 'POST' && INGEST_PATHS.includes(pathname);
}
