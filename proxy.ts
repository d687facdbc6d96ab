import { NextResponse, type NextRequest } from 'next/server';
import {
  credentialAudit,
  decideAccess,
  principalLabel,
  routeRateLimited,
  SESSION_COOKIE,
} from '@/lib/access';
import { ApiError, errorResponse } from '@/lib/http';
import { PEER_HEADER, PRINCIPAL_HEADER, VIEWER_HEADER } from '@/lib/http/headers';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/http/securityHeaders';
import { recordIngestRejection } from '@/lib/metrics/ingestRejections';
import { getRuntime } from '@/lib/runtime';

/** Every page and API route passes here: one access decision, one set of security headers. */
export async function proxy(request: NextRequest): Promise<Response> {
  const runtime = await getRuntime();
  const { pathname } = request.nextUrl;
  const decision = await decideAccess(
    {
      method: request.method,
      pathname,
      authorization: request.headers.get('authorization'),
      sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
      peer: request.headers.get(PEER_HEADER),
      header: (name) => request.headers.get(name),
    },
    runtime.access,
  );
  const audit = credentialAudit(decision);
  if (audit) await runtime.store.audit.record(audit).catch(() => undefined);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  // /metrics answers scrapers: a refusal is a status, never a redirect to the sign-in page.
  const isApi = pathname.startsWith('/api/') || pathname === '/metrics';

  let response: Response;
  const limited = decision.allowed
    ? routeRateLimited(request.method, pathname, decision.principal, runtime.limiters)
    : null;
  if (limited) {
    recordIngestRejection(request.method, pathname, 'rate_limited');
    response = errorResponse(
      new ApiError('rate_limited', `Too many requests: retry in ${limited} s.`, undefined, {
        'retry-after': String(limited),
      }),
    );
  } else if (!decision.allowed) {
    recordIngestRejection(request.method, pathname, decision.code);
    if (isApi || decision.status !== 401) {
      const retry = decision.retryAfterSeconds
        ? { 'retry-after': String(decision.retryAfterSeconds) }
        : undefined;
      response = errorResponse(new ApiError(decision.code, decision.message, undefined, retry));
    } else {
      const signIn = new URL('/sign-in', request.url);
      signIn.searchParams.set('next', pathname);
      response = NextResponse.redirect(signIn, 303);
    }
  } else {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    // Next.js reads the nonce from this request header and puts it on its own scripts.
    headers.set('content-security-policy', csp);
    // Pages show who is signed in; set here (replacing anything a client sent) from the decision.
    const viewer = decision.principal?.kind === 'viewer' ? decision.principal : null;
    headers.set(VIEWER_HEADER, viewer ? `${viewer.via}:${viewer.name}` : '');
    response = NextResponse.next({ request: { headers } });
    const label = principalLabel(decision.principal);
    if (label) response.headers.set(PRINCIPAL_HEADER, label);
  }
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  // Pages and answers carry reports, failures and keys: no cache keeps any of them.
  response.headers.set('cache-control', 'no-store');
  return response;
}

export const config = {
  // Build assets are served without the proxy (next.config.js and scripts/server.mjs give them
  // their headers); everything else, Next.js internals included, is decided here.
  matcher: ['/((?!_next/static).*)'],
};
