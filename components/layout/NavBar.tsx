import Link from 'next/link';

const LINKS = [
  { href: '/failures', label: 'Failures' },
  { href: '/inspect', label: 'Inspect' },
  { href: '/keys', label: 'Keys' },
];

export function NavBar() {
  return (
    <header className="navbar">
      <Link href="/" className="brand">authscope</Link>
      <nav aria-label="main">
        {LINKS.map((link) => <Link key={link.href} href={link.href}>{link.label}</Link>)}
      </nav>
    </header>
  );
}
