import values from './securityHeaders.json';

/**
 * The page policy: scripts only from this origin and with this response's nonce (Next.js puts
 * the nonce on its own scripts), nothing third-party, no framing. Inline `style` attributes are
 * allowed (React and recharts set them; they cannot run code); `<style>` elements need the nonce.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// One list, read by this module and by scripts/server.mjs (which puts it on every response,
// including those Next.js answers before the proxy runs, such as trailing-slash redirects).

/** For files served without the proxy (build assets): nothing may run or frame from them. */
export const STATIC_CONTENT_SECURITY_POLICY: string = values.static_content_security_policy;

/** On every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = values.headers;
