/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and socket-holding modules stay outside the bundle and load from node_modules.
  serverExternalPackages: ['better-sqlite3', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
