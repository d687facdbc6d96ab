import { cookies } from 'next/headers';
import { issueSession, matchViewer, SESSION_COOKIE, SESSION_SECONDS } from '@/lib/access';
import { ApiError, json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

const PEER_HEADER = 'x-authscope-peer';

/**
 * Sign-in (a viewer token for a session cookie) and sign-out. The sign-in form posts here; API
 * clients may send JSON `{token}`. The presented token is compared and forgotten: never logged.
 */
export const POST = route(async (request: Request) => {
  assertSameOrigin(request);
  const form = await readForm(request);
  if (form.action === 'sign-out') return signOut(request, form.isForm);

  const runtime = await getRuntime();
  const peer = request.headers.get(PEER_HEADER);
  const taken = runtime.limiters.signIn.take(`peer:${peer ?? 'unknown'}`);
  if (!taken.allowed) {
    throw new ApiError('rate_limited', `Too many sign-in attempts: retry in ${taken.retryAfterSeconds} s.`, undefined, { 'retry-after': String(taken.retryAfterSeconds) });
  }
  const viewer = form.token ? matchViewer(form.token, runtime.access.viewers) : null;
  if (!viewer) {
    await runtime.store.audit.record({ action: 'sign_in_failed', peer });
    if (form.isForm) return redirect(request, `/sign-in?error=1&next=${encodeURIComponent(safeNext(form.next))}`);
    throw new ApiError('unauthorized', 'That is not a viewer token.');
  }
  const session = await issueSession(viewer.name, runtime.access.sessionSecret);
  (await cookies()).set(SESSION_COOKIE, session, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request),
    path: '/',
    maxAge: SESSION_SECONDS,
  });
  await runtime.store.audit.record({ action: 'sign_in', actor: viewer.name, peer });
  return form.isForm ? redirect(request, safeNext(form.next)) : json({ viewer: viewer.name, expires_in: SESSION_SECONDS });
});

export const DELETE = route(async (request: Request) => {
  assertSameOrigin(request);
  return signOut(request, false);
});

async function signOut(request: Request, isForm: boolean): Promise<Response> {
  const store = await cookies();
  if (store.has(SESSION_COOKIE)) {
    const { store: database } = await getRuntime();
    await database.audit.record({ action: 'sign_out', peer: request.headers.get(PEER_HEADER) });
  }
  store.delete(SESSION_COOKIE);
  return isForm ? redirect(request, '/sign-in?signed_out=1') : json({ signed_out: true });
}

async function readForm(request: Request): Promise<{ token?: string; next?: string; action?: string; isForm: boolean }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const data = await request.formData().catch(() => {
      throw new ApiError('bad_request', 'The form could not be read.');
    });
    const field = (name: string) => (typeof data.get(name) === 'string' ? (data.get(name) as string) : undefined);
    return { token: field('token')?.trim(), next: field('next'), action: field('action'), isForm: true };
  }
  const text = await request.text();
  if (text.length > 16_384) throw new ApiError('payload_too_large', 'The request body is larger than 16384 bytes.');
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const token = typeof record.token === 'string' ? record.token.trim() : undefined;
  return { token, action: typeof record.action === 'string' ? record.action : undefined, isForm: false };
}

/** Only a same-site path: `next` never sends a signed-in browser to another origin. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** A relative redirect: the browser resolves it against the address it used. */
function redirect(request: Request, location: string): Response {
  const target = new URL(location, request.url);
  return new Response(null, { status: 303, headers: { location: target.pathname + target.search, 'cache-control': 'no-store' } });
}

/** A browser always sends Origin on POST; a different one is another site posting a form here. */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null' && new URL(origin).host !== request.headers.get('host')) {
    throw new ApiError('forbidden', 'Cross-site request refused.');
  }
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}
