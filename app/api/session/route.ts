import { cookies } from 'next/headers';
import {
  clientAddress,
  isSameOrigin,
  issueSession,
  matchViewer,
  readSession,
  SESSION_COOKIE,
  SESSION_SECONDS,
} from '@/lib/access';
import { ApiError, json, route } from '@/lib/http';
import { FORWARDED_FOR_HEADER, PEER_HEADER } from '@/lib/http/headers';
import { readSignInForm } from '@/lib/http/signInForm';
import { getRuntime, type Runtime } from '@/lib/runtime';

/**
 * Sign-in (a viewer token for a session cookie) and sign-out. The sign-in form posts here; API
 * clients may send JSON `{token}`. The presented token is compared and forgotten: never logged.
 */
export const POST = route(async (request: Request) => {
  const runtime = await getRuntime();
  assertSameOrigin(request, runtime);
  const client = clientOf(request, runtime);
  // Checked before the body is read: a throttled client costs nothing.
  const blocked = runtime.limiters.signIn.peek(client);
  if (!blocked.allowed) {
    throw new ApiError(
      'rate_limited',
      `Too many failed sign-ins: retry in ${blocked.retryAfterSeconds} s.`,
      undefined,
      { 'retry-after': String(blocked.retryAfterSeconds) },
    );
  }
  const form = await readSignInForm(request);
  if (form.action === 'sign-out') return signOut(request, runtime, form.isForm);

  const viewer = form.token ? matchViewer(form.token, runtime.access.viewers) : null;
  if (!viewer) {
    // Only failures spend the limit: people signing in fine behind one address are never locked out.
    runtime.limiters.signIn.take(client);
    await runtime.store.audit.record({ action: 'sign_in_failed', peer: client });
    if (form.isForm)
      return redirect(request, `/sign-in?error=1&next=${encodeURIComponent(safeNext(form.next))}`);
    throw new ApiError('unauthorized', 'That is not a viewer token.');
  }
  const session = await issueSession(viewer, runtime.access.sessionSecret);
  await runtime.store.sessions.prune();
  await runtime.store.sessions.create({
    id: session.sessionId,
    viewer: viewer.name,
    createdAt: Date.now(),
    expiresAt: session.expiresAt,
  });
  (await cookies()).set(SESSION_COOKIE, session.cookie, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request),
    path: '/',
    maxAge: SESSION_SECONDS,
  });
  await runtime.store.audit.record({ action: 'sign_in', actor: viewer.name, peer: client });
  return form.isForm
    ? redirect(request, safeNext(form.next))
    : json({ viewer: viewer.name, expires_in: SESSION_SECONDS });
});

export const DELETE = route(async (request: Request) => {
  const runtime = await getRuntime();
  assertSameOrigin(request, runtime);
  return signOut(request, runtime, false);
});

/** Ends the session server-side (a replayed cookie finds its row revoked), then drops the cookie. */
async function signOut(request: Request, runtime: Runtime, isForm: boolean): Promise<Response> {
  const jar = await cookies();
  const claims = await readSession(jar.get(SESSION_COOKIE)?.value, runtime.access.sessionSecret);
  if (claims) {
    await runtime.store.sessions.revoke(claims.sessionId);
    await runtime.store.audit.record({
      action: 'sign_out',
      actor: claims.viewer,
      peer: clientOf(request, runtime),
    });
  }
  jar.delete(SESSION_COOKIE);
  return isForm ? redirect(request, '/sign-in?signed_out=1') : json({ signed_out: true });
}

/** Only a same-site path: `next` never sends a signed-in browser to another origin. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** A relative redirect: the browser resolves it against the address it used. */
function redirect(request: Request, location: string): Response {
  const target = new URL(location, request.url);
  return new Response(null, {
    status: 303,
    headers: { location: target.pathname + target.search, 'cache-control': 'no-store' },
  });
}

/** A browser always sends Origin on POST; another one (or `null`) is another site posting a form here. */
function assertSameOrigin(request: Request, runtime: Runtime): void {
  if (
    !isSameOrigin(
      request.headers.get('origin'),
      request.headers.get('host'),
      runtime.access.publicHost,
    )
  ) {
    throw new ApiError('forbidden', 'Cross-site request refused.');
  }
}

function clientOf(request: Request, runtime: Runtime): string {
  return clientAddress(
    request.headers.get(PEER_HEADER),
    request.headers.get(FORWARDED_FOR_HEADER),
    runtime.access.trustedProxy,
  );
}

function isHttps(request: Request): boolean {
  return (
    new URL(request.url).protocol === 'https:' ||
    request.headers.get('x-forwarded-proto') === 'https'
  );
}
