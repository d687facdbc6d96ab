import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/layout/NavBar';
import './globals.css';

export const metadata: Metadata = {
  title: 'authscope',
  description: 'JWT auth diagnostics for on-call engineers',
  referrer: 'no-referrer',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NavBar />
        <main className="main">{children}</main>
      </body>
    </html>
  );
}
