/**
 * Trusted-proxy mode: an auth proxy in front names the user in a header (e.g. x-forwarded-email).
 * Read from AUTHSCOPE_TRUST_PROXY_HEADER and AUTHSCOPE_TRUSTED_PROXIES (lib/runtime/settings.ts).
 */
export interface TrustedProxy {
  header: string;
  addresses: ReadonlySet<string>;
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same peer. */
export function normalizeAddress(address: string): string {
  return address.replace(/^::ffff:/i, '').toLowerCase();
}

/**
 * The address a request comes from, for per-client limits: the socket's peer, or — when that
 * peer is the trusted proxy — the last address the proxy appended to X-Forwarded-For.
 */
export function clientAddress(
  peer: string | null,
  forwardedFor: string | null,
  proxy: TrustedProxy | null,
): string {
  const socket = normalizeAddress(peer ?? '') || 'unknown';
  if (!proxy || !proxy.addresses.has(socket) || !forwardedFor) return socket;
  const last = forwardedFor
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  return last ? normalizeAddress(last).slice(0, 64) : socket;
}
