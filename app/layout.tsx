import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/layout/NavBar';
import { OpenAccessBanner } from '@/components/layout/OpenAccessBanner';
import { isOpenAccess } from '@/lib/access';
import { VIEWER_HEADER } from '@/lib/http/headers';
import { getRuntime } from '@/lib/runtime';
import './globals.css';

export const metadata: Metadata = {
  title: 'authscope',
  description: 'JWT auth diagnostics for on-call engineers',
  referrer: 'no-referrer',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading request headers renders every page per request: each response has its own CSP nonce.
  const viewerHeader = (await headers()).get(VIEWER_HEADER) ?? '';
  const { access } = await getRuntime();
  const open = isOpenAccess(access);
  const [via, ...name] = viewerHeader.split(':');
  return (
    <html lang="en">
      <body>
        {open && <OpenAccessBanner />}
        <NavBar
          viewer={open || !viewerHeader ? null : name.join(':')}
          canSignOut={via === 'session'}
        />
        <main className="main">{children}</main>
      </body>
    </html>
  );
}
