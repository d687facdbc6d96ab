import { isLoopback } from './bindRule';

/** `127.0.0.1:3000` → `127.0.0.1`, `[::1]:3000` → `[::1]`. */
function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  return trimmed.replace(/:\d*$/, '');
}

/**
 * Open access trusts the network position (loopback), so a name that merely resolves to
 * 127.0.0.1 — DNS rebinding — must not reach it: only loopback names and the public host pass.
 */
export function isAllowedHost(host: string | null, publicHost: string | null): boolean {
  if (!host) return false;
  if (publicHost !== null && host.trim().toLowerCase() === publicHost) return true;
  const name = hostnameOf(host);
  return isLoopback(name);
}

/**
 * Whether a request's Origin header is this server: absent (not a browser, or a same-origin
 * GET) passes; `null` (sandboxed frame, file:, some redirects) is cross-site.
 */
export function isSameOrigin(
  origin: string | null,
  host: string | null,
  publicHost: string | null,
): boolean {
  if (origin === null) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  if (!originHost) return false;
  if (publicHost !== null && originHost === publicHost) return true;
  return host !== null && originHost === host.trim().toLowerCase();
}
