import { isOpenAccess } from '@/lib/access';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Exchanges a viewer token for a 12-hour session cookie (POST /api/session). */
export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const { access } = await getRuntime();
  const next = typeof params.next === 'string' ? params.next : '/';
  return (
    <section className="sign-in panel">
      <h1>Sign in</h1>
      {isOpenAccess(access) ? (
        <p>
          No viewer is configured: this server is open to this machine only, and there is nothing to
          sign in to.
        </p>
      ) : (
        <form method="post" action="/api/session">
          {params.error && (
            <p className="error-text" role="alert">
              That token was not accepted.
            </p>
          )}
          {params.signed_out && (
            <p className="muted" role="status">
              Signed out.
            </p>
          )}
          <label htmlFor="token">Viewer token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
          />
          <input type="hidden" name="next" value={next} />
          <p>
            <button type="submit">Sign in</button>
          </p>
          <p className="muted">
            Your operator hands out viewer tokens (AUTHSCOPE_VIEWER_TOKENS or config “viewers”).
          </p>
        </form>
      )}
    </section>
  );
}
