export { decideAccess, isOpenAccess } from './guard';
export type { AccessContext } from './guard';
export { CredentialThrottle } from './credentialThrottle';
export { isSameOrigin } from './origin';
export { credentialLengthRefusal } from './credentialLength';
export { requiredAccess, ROUTE_POLICY, PAGE_ACCESS } from './policy';
export { principalLabel } from './principal';
export { loadIngestKeys, canWriteEnvironment, ingestPrincipalFrom } from './ingestKeys';
export type { IngestPrincipal } from './ingestKeys';
export { loadViewers, matchViewer } from './viewers';
export type { Viewer } from './viewers';
export {
  loadSessionSecret,
  issueSession,
  readSession,
  SESSION_COOKIE,
  SESSION_SECONDS,
} from './session';
export { clientAddress, normalizeAddress } from './trustedProxy';
export type { TrustedProxy } from './trustedProxy';
export { bindRefusal } from './bindRule';
export { RateLimiter, DEFAULT_RATE_LIMITS } from './rateLimit';
export type { RateLimit, RateLimits } from './rateLimit';
export { credentialAudit, routeRateLimited } from './routeLimits';
