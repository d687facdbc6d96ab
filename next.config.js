/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and socket-holding modules stay outside the bundle and load from node_modules.
  serverExternalPackages: ['better-sqlite3', 'pg', 'ws'],
  poweredByHeader: false,
  // Answers are small JSON and pages on a LAN or loopback; gzip cost more CPU than it saved
  // (a reverse proxy in front can compress).
  compress: false,
  reactStrictMode: true,
  // Type checking is its own CI step (`npm run typecheck`, over app, lib and tests alike); the
  // build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Pages and API routes get their headers (and the CSP nonce) from proxy.ts; build assets skip
  // the proxy and get these (the same values as lib/http/securityHeaders.ts; a test checks both).
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
