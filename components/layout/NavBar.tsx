import Link from 'next/link';

const LINKS = [
  { href: '/', label: 'Fleet' },
  { href: '/failures', label: 'Failures' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/incidents/new', label: 'Incidents' },
  { href: '/inspect', label: 'Inspect' },
  { href: '/keys', label: 'Keys' },
  { href: '/audit', label: 'Audit' },
];

/** `viewer` is who is signed in (null in open access, where there is nothing to sign out of). */
export function NavBar({ viewer, canSignOut }: { viewer: string | null; canSignOut: boolean }) {
  return (
    <header className="navbar">
      <Link href="/" className="brand">
        authscope
      </Link>
      <nav aria-label="main">
        {LINKS.map((link) => (
          <Link key={link.href} href={link.href}>
            {link.label}
          </Link>
        ))}
      </nav>
      {viewer && (
        <div className="navbar-user">
          <span className="muted" data-testid="viewer-name">
            {viewer}
          </span>
          {canSignOut && (
            <form method="post" action="/api/session">
              <input type="hidden" name="action" value="sign-out" />
              <button type="submit" className="link-button">
                Sign out
              </button>
            </form>
          )}
        </div>
      )}
    </header>
  );
}
