import { isOpenAccess, type AccessContext } from './guard';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/**
 * README, Security: without viewers (or a trusted auth proxy) the server listens on loopback
 * only. Returns why it must not start, or null.
 */
export function bindRefusal(host: string, context: AccessContext): string | null {
  if (isLoopback(host) || !isOpenAccess(context)) return null;
  return `refusing to listen on ${host} with open access: configure viewers (AUTHSCOPE_VIEWER_TOKENS or "viewers" in the config) or a trusted auth proxy (AUTHSCOPE_TRUST_PROXY_HEADER and AUTHSCOPE_TRUSTED_PROXIES), or listen on 127.0.0.1`;
}
